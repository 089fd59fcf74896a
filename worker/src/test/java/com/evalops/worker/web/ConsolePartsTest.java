package com.evalops.worker.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.stores.artifact.LocalArtifactStore;
import com.evalops.stores.ledger.DecisionEntry;
import com.evalops.stores.ledger.Ledger;
import com.evalops.stores.ledger.LocalLedger;
import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.Decision;
import com.evalops.workflows.approval.LabelingQuorum;
import com.evalops.workflows.approval.LabelingSample;
import com.evalops.workflows.approval.LabelingState;
import com.evalops.workflows.approval.Refusal;
import com.evalops.workflows.approval.Role;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's pure parts: charts, escaping, redirects, CSV, the timeline. */
class ConsolePartsTest {

  @Test
  void givenHostileLabels_whenChartsAreDrawn_thenEveryLabelIsEscaped() {
    String svg =
        Charts.heatMap(List.of("<script>x</script>", "b\"c"), new long[][] {{3, 1}, {0, 4}});
    assertFalse(svg.contains("<script>"), svg);
    assertTrue(svg.contains("&lt;script&gt;"), svg);
    assertTrue(svg.contains("b&quot;c"), svg);
    assertEquals(4, svg.split("<rect ", -1).length - 1, "one cell per pair of labels");
    assertTrue(svg.contains("3 of 4 (75.0%)"), svg);
    String bars = Charts.bars(List.of(new Charts.IntentScore("<i>", 0.5, 1.0, 7)));
    assertFalse(bars.contains("<i>"), bars);
    assertTrue(bars.contains("P 0.50 · R 1.00 · n 7"), bars);
  }

  @Test
  void givenANextParameter_whenLoggingIn_thenOnlyConsolePagesOfThisOriginAreFollowed() {
    assertEquals(
        "/console/runs/regression-x", LoginController.safeNext("/console/runs/regression-x"));
    assertEquals("", LoginController.safeNext("https://evil.example/console/"));
    assertEquals("", LoginController.safeNext("//evil.example/console/"));
    assertEquals("", LoginController.safeNext("/console/login"));
    assertEquals("", LoginController.safeNext("/console/x\r\nSet-Cookie: a=b"));
    assertEquals("", LoginController.safeNext(null));
  }

  @Test
  void givenArtifactLocationsAndCsv_whenRead_thenRunIdsAndQuotedFieldsComeOut() {
    assertEquals(
        Optional.of("regression-billing-golden"),
        RunReports.runIdOf("file:///srv/data/artifacts/eval_runs/regression-billing-golden/"));
    assertEquals(
        Optional.of("weekly-2025-W51"),
        RunReports.runIdOf("s3://b/prefix/eval_runs/weekly-2025-W51/"));
    assertEquals(Optional.empty(), RunReports.runIdOf("null"));
  }

  /** A predicted intent may be any string: quoted commas, quotes and line breaks stay in a cell. */
  @Test
  void givenQuotedLineBreaksInAReportCsv_whenRead_thenRowsNotLinesAreCounted(@TempDir Path dir)
      throws IOException {
    Path report = Files.createDirectories(dir.resolve("report"));
    Files.writeString(
        report.resolve("tier0_report.csv"),
        "ticket_id,kind,gold_intent,predicted_intent\n"
            + "T-1,FN,fraud_report,\"a, \"\"quoted\"\"\ntext\"\n"
            + "T-2,FP,address_change,'=cmd|' /C calc'!A0\n",
        StandardCharsets.UTF_8);
    LocalArtifactStore artifacts = new LocalArtifactStore(dir.resolve("artifacts"));
    artifacts.putRun("run-1", report);
    RunReports reports = new RunReports(artifacts, null, "v2");

    assertEquals(2, reports.csvCount("run-1", "tier0_report.csv"));
    assertEquals(
        List.of(
            List.of("ticket_id", "kind", "gold_intent", "predicted_intent"),
            List.of("T-1", "FN", "fraud_report", "a, \"quoted\"\ntext")),
        reports.csv("run-1", "tier0_report.csv", 1));
    assertEquals(
        List.of("T-2", "FP", "address_change", "=cmd|' /C calc'!A0"),
        reports.csv("run-1", "tier0_report.csv", 5).get(2));
  }

  /**
   * The console compares runs with the baseline every runbook compares with: the last accepted PASS
   * of the current golden set, not whatever run was accepted last.
   */
  @Test
  void givenBaselinesOfTwoGoldenVersions_whenTheConsoleAsks_thenTheCurrentVersionsBaseline(
      @TempDir Path dir) throws IOException {
    Path report = Files.createDirectories(dir.resolve("report"));
    Files.writeString(report.resolve("metrics.json"), "{}", StandardCharsets.UTF_8);
    LocalArtifactStore artifacts = new LocalArtifactStore(dir.resolve("artifacts"));
    Ledger<DecisionEntry> decisionLog = LocalLedger.decisionLog(dir.resolve("decision-log.jsonl"));
    for (String[] run : new String[][] {{"weekly-w50", "v2"}, {"weekly-w51", "v1"}}) {
      artifacts.putRun(run[0], report);
      decisionLog.append(
          new DecisionEntry(
              run[0] + "/review",
              run[0],
              "weekly",
              "PASS",
              "accepted_as_baseline",
              List.of(),
              URI.create("file:///data/artifacts/eval_runs/" + run[0] + "/"),
              "v14",
              null,
              List.of(),
              run[1],
              "ab".repeat(32)));
    }

    assertEquals(
        Optional.of("weekly-w50"), new RunReports(artifacts, decisionLog, "v2").baselineRun());
    assertEquals(Optional.empty(), new RunReports(artifacts, decisionLog, "v3").baselineRun());
  }

  @Test
  void givenLabelsAndARefusal_whenTheTimelineIsBuilt_thenLabelsInARowAreOneLineAndRefusalsOnce() {
    Instant t = Instant.parse("2025-12-20T10:00:00Z");
    Actor li = new Actor("labeler-li", Set.of(Role.LABELER), "web");
    List<Decision> decisions =
        List.of(
            new Decision(t, "T-1", Decision.Type.LABELED, "labeler-li", "web", "ok"),
            new Decision(t.plusSeconds(1), "T-2", Decision.Type.LABELED, "labeler-li", "web", ""),
            new Decision(t.plusSeconds(2), "s", Decision.Type.REFUSED, "labeler-li", "web", "no"),
            new Decision(t.plusSeconds(3), "T-3", Decision.Type.LABELED, "labeler-mo", "api", ""));
    LabelingState labeling =
        new LabelingState(
            new LabelingSample(
                "s",
                List.of("T-1", "T-2", "T-3"),
                t,
                t.plusSeconds(3600),
                new LabelingQuorum(60, 0)),
            Set.of(),
            null,
            null,
            null,
            List.of(),
            List.of(new Refusal(t.plusSeconds(2), li, "s", "no")),
            decisions);
    List<TimelineEvent> events = TimelineEvent.of(null, List.of(labeling), List.of());
    assertEquals(3, events.size(), events.toString());
    assertEquals("labeled 2 tickets", events.get(0).what());
    assertEquals(2, events.get(0).details().size());
    assertEquals("refusal", events.get(1).type());
    assertEquals("labeler-mo", events.get(2).who());
    assertEquals("2025-12-20 10:00:00Z", events.get(0).when());
  }
}
