package com.evalops.harness.release;

import static com.evalops.harness.release.ConfigOperation.disableTemplate;
import static com.evalops.harness.release.ConfigOperation.holdSafeMode;
import static com.evalops.harness.release.ConfigOperation.setThreshold;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** config-releases §2: an approval binds to the SHA-256 of the canonical operations. */
class ConfigChangeDigestTest {
  private static final ConfigChange FIXED =
      new ConfigChange(
          "v12", List.of(setThreshold("fraud_report", 0.9), holdSafeMode("billing", "inc-42")));

  @Test
  void givenFixedChange_whenCanonicalized_thenOneLineOfJsonInFixedKeyOrder() {
    assertEquals(
        "[{\"op\":\"set_threshold\",\"target\":\"fraud_report\",\"value\":0.9},"
            + "{\"op\":\"hold_safe_mode\",\"target\":\"billing\",\"holder\":\"inc-42\"}]",
        FIXED.canonicalOperations());
  }

  /** Expected hex from {@code printf '%s' '<canonical>' | sha256sum}, outside Java. */
  @Test
  void givenFixedChange_whenDigested_thenSha256OfCanonicalFormAsAnOutsideToolComputesIt() {
    assertEquals(
        "7ce196c1531f85be517af4372c46e9422b2facda654b6838016c41b0df6bf12c", FIXED.digest());
    assertEquals(
        "9056edfae8af5cc8534eeb6e1a38b587891dfa50680a29435c9b4f94af00a49c",
        new ConfigChange("v14", List.of(setThreshold("global", 1.0))).digest());
  }

  @Test
  void givenSameOperationsOnAnotherBase_whenDigested_thenSameDigest() {
    assertEquals(FIXED.digest(), FIXED.rebasedOnto("v15").digest());
    assertEquals(FIXED.digest(), new ConfigChange(null, FIXED.operations()).digest());
  }

  @Test
  void givenSpellingsOfTheSameChange_whenDigested_thenSameDigest() {
    ConfigChange spelled =
        new ConfigChange(
            "v12",
            List.of(
                new ConfigOperation(" SET_THRESHOLD ", " fraud_report ", 0.90, " "),
                new ConfigOperation("hold_safe_mode", "billing", null, " inc-42 ")));

    assertEquals(FIXED.digest(), spelled.digest());
    assertEquals(
        new ConfigChange("v12", List.of(setThreshold("global", 0.9))).digest(),
        new ConfigChange("v12", List.of(setThreshold("global", Double.parseDouble("0.90"))))
            .digest());
  }

  @Test
  void givenAnyOperationPartDiffers_whenDigested_thenDigestDiffers() {
    List<ConfigChange> others =
        List.of(
            new ConfigChange(
                "v12",
                List.of(
                    new ConfigOperation("set_prompt", "fraud_report", 0.9, null),
                    holdSafeMode("billing", "inc-42"))),
            new ConfigChange(
                "v12",
                List.of(setThreshold("account_takeover", 0.9), holdSafeMode("billing", "inc-42"))),
            new ConfigChange(
                "v12",
                List.of(setThreshold("fraud_report", 0.91), holdSafeMode("billing", "inc-42"))),
            new ConfigChange(
                "v12",
                List.of(setThreshold("fraud_report", 0.9), holdSafeMode("billing", "inc-43"))),
            new ConfigChange(
                "v12",
                List.of(holdSafeMode("billing", "inc-42"), setThreshold("fraud_report", 0.9))),
            new ConfigChange("v12", List.of(setThreshold("fraud_report", 0.9))));

    for (ConfigChange other : others) {
      assertNotEquals(FIXED.digest(), other.digest(), other.canonicalOperations());
    }
  }

  @Test
  void givenQuotesBackslashesAndControlCharacters_whenCanonicalized_thenEscapedAsJson() {
    ConfigChange odd = new ConfigChange("v12", List.of(disableTemplate("fee\"schedule\\v1\u0001")));

    assertEquals(
        "[{\"op\":\"disable_template\",\"target\":\"fee\\\"schedule\\\\v1\\u0001\"}]",
        odd.canonicalOperations());
    assertNotEquals(
        new ConfigChange("v12", List.of(disableTemplate("fee\\\"schedule"))).digest(),
        new ConfigChange("v12", List.of(disableTemplate("fee\"schedule"))).digest());
  }

  @Test
  void givenOperations_whenDescribed_thenReadableAsTyped() {
    assertEquals(
        "set_threshold(fraud_report, 0.9); hold_safe_mode(billing, inc-42)", FIXED.describe());
  }

  @Test
  void givenNonFiniteThreshold_whenDescribedOrDigested_thenShownNotThrown() {
    ConfigChange nan = new ConfigChange("v14", List.of(setThreshold("fraud_report", Double.NaN)));

    assertEquals("set_threshold(fraud_report, NaN)", nan.describe());
    assertEquals(64, nan.digest().length());
    assertNotEquals(
        nan.digest(),
        new ConfigChange("v14", List.of(setThreshold("fraud_report", Double.POSITIVE_INFINITY)))
            .digest());
  }
}
