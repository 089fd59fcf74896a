package com.evalops.harness.contract;

import static com.evalops.harness.contract.Fixtures.TAXONOMY;
import static com.evalops.harness.contract.Fixtures.assertViolation;
import static com.evalops.harness.contract.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Data contract §2: taxonomy.json, where a typo must not silently weaken a policy. */
class TaxonomyFileTest {
  @TempDir Path dir;

  private Path taxonomy(String text) {
    return write(dir, "taxonomy.json", text);
  }

  /** The fixture with one exact piece of text replaced; fails if the piece is not there. */
  private Path taxonomyWith(String piece, String replacement) {
    assertTrue(TAXONOMY.contains(piece), piece);
    return taxonomy(TAXONOMY.replace(piece, replacement));
  }

  @Test
  void givenSpecExample_whenLoaded_thenIntentsTemplatesAndPolicyAreRead() {
    Taxonomy taxonomy = TaxonomyFile.load(taxonomy(TAXONOMY));

    assertEquals("2025-12-01", taxonomy.taxonomyVersion());
    assertEquals(
        Map.of(
            "refund_request", new IntentPolicy("billing", 1, true),
            "card_delivery_eta", new IntentPolicy("cards", 2, false),
            "fraud_report", new IntentPolicy("risk", 0, true)),
        taxonomy.intents());
    assertEquals(Map.of("card_delivery_eta_v1", "card_delivery_eta"), taxonomy.templates());
    assertEquals(
        new Tier2Policy(
            Set.of("card_delivery_eta"),
            Map.of("card_delivery_eta", Set.of("card_delivery_eta_v1")),
            0.85,
            Set.of(Channel.EMAIL, Channel.LIVECHAT)),
        taxonomy.tier2Policy());
  }

  @Test
  void givenUnknownTopLevelKey_whenLoaded_thenViolationNamesKeyAndLine() {
    Path file =
        taxonomyWith(
            "\"taxonomy_version\": \"2025-12-01\",",
            "\"taxonomy_version\": \"2025-12-01\", \"owner\": \"ops\",");

    ContractViolation e =
        assertViolation(() -> TaxonomyFile.load(file), file, 2, "owner", "\"ops\"");

    assertTrue(e.problem().startsWith("unknown key"), e.getMessage());
  }

  @Test
  void givenUnknownKeyInsideIntent_whenLoaded_thenViolationNamesItsPathAndLine() {
    Path file =
        taxonomyWith(
            "\"tier\": 2, \"leadership_approval\": false}",
            "\"tier\": 2, \"leadership_approval\": false, \"teir\": 1}");

    assertViolation(() -> TaxonomyFile.load(file), file, 5, "intents.card_delivery_eta.teir", "1");
  }

  @Test
  void givenMisspelledMinConfidence_whenLoaded_thenViolationNamesTheTypo() {
    Path file = taxonomyWith("\"min_confidence\": 0.85", "\"min_confidense\": 0.85");

    ContractViolation e =
        assertViolation(
            () -> TaxonomyFile.load(file), file, 12, "tier2_policy.min_confidense", "0.85");

    assertTrue(e.problem().contains("min_confidence"), e.getMessage());
  }

  @Test
  void givenPolicyWithoutMinConfidence_whenLoaded_thenViolationNamesMissingKey() {
    Path file = taxonomyWith("\"min_confidence\": 0.85,\n", "");

    ContractViolation e =
        assertViolation(
            () -> TaxonomyFile.load(file), file, 9, "tier2_policy.min_confidence", null);

    assertTrue(e.problem().contains("missing required key"), e.getMessage());
  }

  @Test
  void givenAllowedIntentOutsideTaxonomy_whenLoaded_thenViolationNamesIt() {
    Path file =
        taxonomyWith(
            "\"allowed_intents\": [\"card_delivery_eta\"]",
            "\"allowed_intents\": [\"card_delivery_eta\", \"lost_card\"]");

    ContractViolation e =
        assertViolation(
            () -> TaxonomyFile.load(file),
            file,
            10,
            "tier2_policy.allowed_intents[1]",
            "\"lost_card\"");

    assertTrue(e.problem().contains("not in the taxonomy"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"refund_request", "fraud_report"})
  void givenAllowedIntentNotTier2_whenLoaded_thenViolationNamesItsTier(String intent) {
    Path file =
        taxonomyWith(
            "\"allowed_intents\": [\"card_delivery_eta\"]",
            "\"allowed_intents\": [\"" + intent + "\", \"card_delivery_eta\"]");

    ContractViolation e =
        assertViolation(
            () -> TaxonomyFile.load(file),
            file,
            10,
            "tier2_policy.allowed_intents[0]",
            "\"" + intent + "\"");

    assertTrue(e.problem().contains("only tier 2 intents may be automated"), e.getMessage());
  }

  @Test
  void givenTemplateForUnknownIntent_whenLoaded_thenViolationNamesTemplateIntent() {
    Path file =
        taxonomyWith(
            "{\"card_delivery_eta_v1\": {\"intent\": \"card_delivery_eta\"}}",
            "{\"card_delivery_eta_v1\": {\"intent\": \"card_delivery_eta\"},"
                + " \"lost_card_v1\": {\"intent\": \"lost_card\"}}");

    assertViolation(
        () -> TaxonomyFile.load(file), file, 8, "templates.lost_card_v1.intent", "\"lost_card\"");
  }

  @Test
  void givenAllowedTemplateOfAnotherIntent_whenLoaded_thenViolationNamesTemplate() {
    Path file =
        taxonomyWith(
            "{\"card_delivery_eta\": [\"card_delivery_eta_v1\"]}",
            "{\"card_delivery_eta\": [\"card_delivery_eta_v1\", \"refund_v2\"]}");

    assertViolation(
        () -> TaxonomyFile.load(file),
        file,
        11,
        "tier2_policy.allowed_templates.card_delivery_eta[1]",
        "\"refund_v2\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"3", "-1", "\"0\"", "0.0", "null", "99999999999999999999"})
  void givenBadTier_whenLoaded_thenViolationNamesIntentTierAndLine(String tier) {
    Path file =
        taxonomyWith(
            "\"team\": \"risk\", \"tier\": 0,", "\"team\": \"risk\", \"tier\": " + tier + ",");

    ContractViolation e =
        assertViolation(() -> TaxonomyFile.load(file), file, 6, "intents.fraud_report.tier", tier);

    assertTrue(e.problem().contains("0, 1 or 2"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.2", "-0.1", "\"0.85\""})
  void givenMinConfidenceOutsideZeroToOne_whenLoaded_thenViolationNamesIt(String value) {
    Path file = taxonomyWith("\"min_confidence\": 0.85", "\"min_confidence\": " + value);

    assertViolation(() -> TaxonomyFile.load(file), file, 12, "tier2_policy.min_confidence", value);
  }

  @Test
  void givenUnknownPolicyChannel_whenLoaded_thenViolationNamesIt() {
    Path file =
        taxonomyWith(
            "\"channels\": [\"email\", \"livechat\"]", "\"channels\": [\"email\", \"phone\"]");

    assertViolation(
        () -> TaxonomyFile.load(file), file, 13, "tier2_policy.channels[1]", "\"phone\"");
  }

  @Test
  void givenIntentTwice_whenLoaded_thenViolationNamesDuplicateKeyAndBothLines() {
    Path file =
        taxonomyWith(
            "\"fraud_report\": {\"team\": \"risk\", \"tier\": 0, \"leadership_approval\": true}",
            "\"fraud_report\": {\"team\": \"risk\", \"tier\": 0, \"leadership_approval\": true},\n"
                + "    \"card_delivery_eta\": {\"team\": \"cards\", \"tier\": 0,"
                + " \"leadership_approval\": false}");

    ContractViolation e =
        assertViolation(() -> TaxonomyFile.load(file), file, 7, "intents.card_delivery_eta", null);

    assertTrue(e.problem().contains("duplicate key"), e.getMessage());
    assertTrue(e.problem().contains("first on line 5"), e.getMessage());
  }

  @Test
  void givenNoIntents_whenLoaded_thenViolationNamesIntents() {
    Path file =
        taxonomy(
            """
            {
              "taxonomy_version": "2025-12-01",
              "intents": {},
              "templates": {},
              "tier2_policy": {"allowed_intents": [], "allowed_templates": {},
                "min_confidence": 0.85, "channels": []}
            }
            """);

    assertViolation(() -> TaxonomyFile.load(file), file, 3, "intents", "{…}");
  }

  @Test
  void givenTextThatIsNotJson_whenLoaded_thenViolationNamesTheLineButNoneOfTheText() {
    Path file = write(dir, "taxonomy.json", "root:x:0:0:root:/root:/bin/bash\n");

    ContractViolation e = assertViolation(() -> TaxonomyFile.load(file), file, 1, null, null);

    assertTrue(e.problem().startsWith("not valid JSON"), e.getMessage());
    assertFalse(e.problem().contains("root"), e.getMessage());
  }

  @Test
  void givenMissingCommaAfterIntents_whenLoaded_thenViolationNamesTheLineWhereParsingStopped() {
    Path file = taxonomyWith("  },\n  \"templates\"", "  }\n  \"templates\"");

    ContractViolation e = assertViolation(() -> TaxonomyFile.load(file), file, 8, null, null);

    assertTrue(e.problem().startsWith("not valid JSON"), e.getMessage());
  }

  @Test
  void givenNestingBeyondParserLimit_whenLoaded_thenViolationNamesTheLine() {
    Path file =
        taxonomyWith(
            "\"min_confidence\": 0.85",
            "\"min_confidence\": " + "[".repeat(1500) + "]".repeat(1500));

    ContractViolation e = assertViolation(() -> TaxonomyFile.load(file), file, 12, null, null);

    assertTrue(e.problem().startsWith("not valid JSON"), e.getMessage());
  }

  @Test
  void givenEmptyOrMissingFile_whenLoaded_thenViolationNamesFile() {
    Path empty = taxonomy("");
    Path missing = dir.resolve("missing-taxonomy.json");

    assertEquals(
        "the file is empty",
        assertViolation(() -> TaxonomyFile.load(empty), empty, 0, null, null).problem());
    assertEquals(
        "file not found",
        assertViolation(() -> TaxonomyFile.load(missing), missing, 0, null, null).problem());
  }

  @Test
  void givenTopLevelList_whenLoaded_thenViolationSaysObject() {
    Path file = taxonomy("[" + TAXONOMY + "]");

    ContractViolation e = assertViolation(() -> TaxonomyFile.load(file), file, 1, null, "[…]");

    assertEquals("must be an object", e.problem());
  }
}
