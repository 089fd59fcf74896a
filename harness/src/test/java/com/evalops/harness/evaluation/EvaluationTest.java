package com.evalops.harness.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.harness.gates.Verdict;
import com.evalops.harness.metrics.EvaluationMetrics;
import com.evalops.harness.metrics.IntentScore;
import com.evalops.harness.metrics.Tier0Counts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scoring end to end: real files in, a report folder out (data contract §6, §7). */
class EvaluationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> LABELS =
      List.of(
          "address_change",
          "card_activation",
          "card_delivery_eta",
          "fraud_report",
          "mystery_intent",
          "refund_request");

  @TempDir Path dir;

  private EvaluationReport run(boolean safeMode) {
    return Evaluation.run(
        EvaluationFixture.request(
            dir.resolve("in"),
            "run-1",
            EvaluationFixture.config(safeMode),
            dir.resolve("report"),
            null),
        ProgressListener.NONE);
  }

  @Test
  void givenFixture_whenRun_thenAccuracyTeamAndTemplateAccuracyCountNullEqualsNull() {
    EvaluationMetrics m = run(false).metrics();

    // Intent wrong on t03, t04, t13, t14; team wrong on t03, t04, t05, t13, t14; template wrong on
    // t07, t08 and t13 (null gold, v1 predicted). Six right templates are null on both sides.
    assertEquals(15, m.count());
    assertEquals(11.0 / 15, m.accuracy(), 0.0);
    assertEquals(10.0 / 15, m.teamAccuracy(), 0.0);
    assertEquals(12.0 / 15, m.templateAccuracy(), 0.0);
  }

  @Test
  void givenTier0MissAndFalseAlarm_whenRun_thenCountedAndListedInTier0Report() throws IOException {
    EvaluationReport report = run(false);

    assertEquals(new Tier0Counts(1, 1, 1), report.metrics().tier0());
    assertEquals(
        List.of(
            "ticket_id,kind,gold_intent,predicted_intent,gold_tier,predicted_tier,confidence,channel",
            "t03,FN,fraud_report,refund_request,0,1,0.600000,livechat",
            "t04,FP,refund_request,fraud_report,1,0,0.700000,email"),
        lines(report, "tier0_report.csv"));
    assertEquals(Verdict.STOP, report.interpretation().verdict());
  }

  @Test
  void givenAutomationForbiddenByEachGate_whenRun_thenOneViolationRowWithItsReason()
      throws IOException {
    EvaluationReport report = run(false);

    assertEquals(
        List.of(
            "ticket_id,reason,intent,template,confidence,channel",
            "t05,tier_not_2,card_delivery_eta,card_delivery_eta_v1,0.900000,email",
            "t06,intent_not_allowed;template_not_allowed,address_change,address_change_v1,"
                + "0.950000,email",
            "t07,template_not_allowed,card_delivery_eta,card_delivery_eta_v2,0.900000,email",
            "t08,template_disabled,card_activation,card_activation_v2,0.970000,email",
            // 0.90 clears the global 0.85 but not card_activation's own 0.95.
            "t09,below_threshold,card_activation,card_activation_v1,0.900000,email",
            // 0.79 clears card_delivery_eta's own 0.75 but not the policy's min_confidence 0.80.
            "t10,below_threshold,card_delivery_eta,card_delivery_eta_v1,0.790000,email",
            "t12,channel_not_allowed,card_delivery_eta,card_delivery_eta_v1,0.950000,livechat"),
        lines(report, "tier2_violations.csv"));
    assertEquals(7, report.metrics().tier2Violations());
  }

  @Test
  void givenSafeMode_whenAutomated_thenEveryAutomationIsASafeModeViolation() throws IOException {
    EvaluationReport report = run(true);

    List<String> rows = lines(report, "tier2_violations.csv");
    assertTrue(
        rows.contains("t01,safe_mode,card_delivery_eta,card_delivery_eta_v1,0.900000,email"));
    assertTrue(
        rows.contains("t11,safe_mode,card_delivery_eta,card_delivery_eta_v1,0.800000,email"));
    assertTrue(
        rows.contains("t13,safe_mode,card_delivery_eta,card_delivery_eta_v1,0.920000,email"));
    assertEquals(10, report.metrics().tier2Violations());
  }

  @Test
  void givenAllowedAutomationOfANonTier2Ticket_whenRun_thenUnsafeButNoViolation()
      throws IOException {
    EvaluationReport report = run(false);

    // t13 passes every gate (so no violation) but its gold tier is 1; the seven violations are
    // all gold tier 2, so they add nothing to the unsafe count.
    assertEquals(1, report.metrics().unsafeAutomations());
    assertFalse(lines(report, "tier2_violations.csv").stream().anyMatch(l -> l.startsWith("t13,")));
  }

  @Test
  void givenIntentOutsideTaxonomy_whenRun_thenCountedAndScoredAsWrong() {
    EvaluationReport report = run(false);
    EvaluationMetrics m = report.metrics();

    assertEquals(1, m.unknownPredictedIntents());
    assertEquals(List.of("mystery_intent"), report.unknownIntents());
    assertEquals(LABELS, m.confusion().labels());
    assertEquals(1, m.confusion().counts()[5][4], "refund_request predicted mystery_intent");
    assertEquals(new IntentScore(0.0, 0.0, 0.0, 0), m.perIntent().get("mystery_intent"));
  }

  @Test
  void givenMisroutes_whenRun_thenListedWithSanitizedOneLineText() throws IOException {
    EvaluationReport report = run(false);

    String text = "\"Ticket t##: card #### ####, call ### #### thanks\"";
    assertEquals(
        List.of(
            "ticket_id,channel,gold_intent,predicted_intent,gold_team,predicted_team,gold_tier,"
                + "predicted_tier,confidence,automated,text",
            "t03,livechat,fraud_report,refund_request,risk,billing,0,1,0.600000,false," + text,
            "t04,email,refund_request,fraud_report,billing,risk,1,0,0.700000,false," + text,
            "t13,email,refund_request,card_delivery_eta,billing,cards,1,2,0.920000,true," + text,
            "t14,email,refund_request,mystery_intent,billing,cards,1,1,0.550000,false," + text),
        lines(report, "misroutes.csv"));
  }

  @Test
  void givenRun_whenMetricsJsonRead_thenEveryContractFieldIsThereWithPlainNumbers()
      throws IOException, NoSuchAlgorithmException {
    EvaluationReport report = run(false);
    JsonNode json = JSON.readTree(report.folder().resolve("metrics.json").toFile());

    assertEquals("run-1", json.get("run_id").asText());
    JsonNode dataset = json.get("dataset");
    assertEquals("tickets", dataset.get("kind").asText());
    assertTrue(dataset.has("version"));
    assertEquals(sha256(dir.resolve("in/tickets.jsonl")), dataset.get("sha256").asText());
    assertEquals(15, dataset.get("count").asLong());
    assertEquals("v12", json.get("config").get("config_version").asText());
    assertEquals(
        0.95, json.get("config").get("intent_thresholds").get("card_activation").asDouble());
    assertNumber(json, "accuracy", 11.0 / 15);
    assertNumber(json, "team_accuracy", 10.0 / 15);
    assertNumber(json, "template_accuracy", 12.0 / 15);
    EvaluationMetrics m = report.metrics();
    assertNumber(json, "macro_f1", m.macroF1());
    assertNumber(json, "macro_precision", m.macroPrecision());
    assertNumber(json, "macro_recall", m.macroRecall());
    JsonNode eta = json.get("per_intent").get("card_delivery_eta");
    assertNumber(eta, "precision", 6.0 / 7);
    assertNumber(eta, "recall", 1.0);
    assertNumber(eta, "f1", 2.0 * (6.0 / 7) * 1.0 / (6.0 / 7 + 1.0));
    assertNumber(eta, "support", 6);
    JsonNode refund = json.get("per_intent").get("refund_request");
    assertNumber(refund, "precision", 0.5);
    assertNumber(refund, "recall", 0.25);
    assertNumber(refund, "support", 4);
    assertEquals(LABELS, fieldNames(json.get("per_intent")));
    assertNumber(json.get("tier0"), "tp", 1);
    assertNumber(json.get("tier0"), "fn", 1);
    assertNumber(json.get("tier0"), "fp", 1);
    assertNumber(json, "tier2_violations", 7);
    assertNumber(json, "unsafe_automations", 1);
    assertNumber(json, "unknown_predicted_intents", 1);
    assertEquals("STOP", json.get("verdict").asText());
  }

  @Test
  void givenRun_whenPerIntentCsvRead_thenOneRoundedRowPerLabel() throws IOException {
    List<String> rows = lines(run(false), "per_intent.csv");

    assertEquals(
        List.of(
            "intent,precision,recall,f1,support",
            "address_change,1.000000,1.000000,1.000000,1",
            "card_activation,1.000000,1.000000,1.000000,2",
            "card_delivery_eta,0.857143,1.000000,0.923077,6",
            "fraud_report,0.500000,0.500000,0.500000,2",
            "mystery_intent,0.000000,0.000000,0.000000,0",
            "refund_request,0.500000,0.250000,0.333333,4"),
        rows);
  }

  @Test
  void givenRun_whenConfusionCsvRead_thenSquareInSortedOrder() throws IOException {
    EvaluationReport report = run(false);

    assertEquals(
        List.of(
            "gold\\predicted," + String.join(",", LABELS),
            "address_change,1,0,0,0,0,0",
            "card_activation,0,2,0,0,0,0",
            "card_delivery_eta,0,0,6,0,0,0",
            "fraud_report,0,0,0,1,0,1",
            "mystery_intent,0,0,0,0,0,0",
            "refund_request,0,0,1,1,1,1"),
        lines(report, "confusion_matrix.csv"));
    long[][] counts = report.metrics().confusion().counts();
    assertArrayEquals(new long[] {0, 0, 1, 1, 1, 1}, counts[5]);
  }

  @Test
  void givenRun_whenSummaryRead_thenVerdictLineFirst() throws IOException {
    assertEquals("# Verdict: STOP", lines(run(false), "summary.md").get(0));
  }

  /**
   * Eligible but for confidence: t01 0.90, t09 0.90 (refused only by card_activation's own 0.95),
   * t11 0.80 and t13 0.92 (intent wrong, gold tier 1: unsafe). t10 at 0.79 is under the policy's
   * min_confidence 0.80, which no config threshold lowers, so no step automates it.
   */
  @Test
  void givenRun_whenSweepRead_thenPolicyMinConfidenceStillApplies() throws IOException {
    List<String> rows = lines(run(false), "threshold_sweep.csv");

    assertEquals(51, rows.size());
    assertEquals("threshold,automated,coverage,precision,unsafe_automations", rows.get(0));
    assertEquals("0.50,4,0.266667,0.750000,1", rows.get(1));
    assertEquals("0.79,4,0.266667,0.750000,1", rows.get(30));
    assertEquals("0.80,4,0.266667,0.750000,1", rows.get(31));
    assertEquals("0.81,3,0.200000,0.666667,1", rows.get(32));
    assertEquals("0.91,1,0.066667,0.000000,1", rows.get(42));
    assertEquals("0.92,1,0.066667,0.000000,1", rows.get(43));
    assertEquals("0.93,0,0.000000,0.000000,0", rows.get(44));
  }

  @Test
  void givenNoBaseline_whenRun_thenNoComparisonJson() {
    EvaluationReport report = run(false);

    assertEquals(null, report.comparison());
    assertFalse(Files.exists(report.folder().resolve("comparison.json")));
  }

  @Test
  void givenBaseline_whenRun_thenComparisonJsonWritten() throws IOException {
    EvaluationReport first = run(false);

    EvaluationReport second =
        Evaluation.run(
            EvaluationFixture.request(
                dir.resolve("in2"),
                "run-2",
                EvaluationFixture.config(false),
                dir.resolve("report2"),
                first.folder()),
            ProgressListener.NONE);

    assertNotNull(second.comparison());
    JsonNode comparison = JSON.readTree(second.folder().resolve("comparison.json").toFile());
    assertEquals("run-1", comparison.get("baseline_run_id").asText());
    assertEquals(0.0, comparison.get("confusion_shift").asDouble(), 0.0);
    assertFalse(comparison.get("large").asBoolean());
  }

  private static List<String> lines(EvaluationReport report, String file) throws IOException {
    return Files.readAllLines(report.folder().resolve(file), StandardCharsets.UTF_8);
  }

  private static void assertNumber(JsonNode node, String field, double expected) {
    JsonNode value = node.get(field);
    assertNotNull(value, field);
    assertTrue(value.isNumber(), field + " must be a plain number, was " + value);
    assertEquals(expected, value.asDouble(), 0.0, field);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
