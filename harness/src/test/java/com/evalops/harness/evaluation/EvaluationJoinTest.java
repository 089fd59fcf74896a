package com.evalops.harness.evaluation;

import static com.evalops.harness.contract.Fixtures.assertViolation;
import static com.evalops.harness.contract.Fixtures.quoted;
import static com.evalops.harness.contract.Fixtures.write;
import static com.evalops.harness.contract.Fixtures.writeLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.harness.comparison.ComparisonThresholds;
import com.evalops.harness.contract.ContractViolation;
import com.evalops.harness.contract.Fixtures;
import com.evalops.harness.contract.Fixtures.JsonLine;
import com.evalops.harness.contract.GoldenSet;
import com.evalops.harness.report.ReportFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data contract §4 and §7: predictions are joined one to one with the tickets, and a run that
 * breaks the contract leaves no report folder, not even a half one.
 */
class EvaluationJoinTest {
  @TempDir Path dir;

  private Path out() {
    return dir.resolve("runs").resolve("run-1");
  }

  private EvaluationReport run(DatasetRef dataset, Path predictions) {
    EvaluationRequest request =
        new EvaluationRequest(
            "run-1",
            Instant.parse("2025-12-02T08:00:00Z"),
            dataset,
            new PredictionSource.FromFile(predictions),
            Fixtures.taxonomy(dir),
            Fixtures.routerConfig(dir),
            out(),
            null,
            ComparisonThresholds.DEFAULTS,
            0.95,
            UnaryOperator.identity());
    return Evaluation.run(request, ProgressListener.NONE);
  }

  private EvaluationReport run(Path tickets, Path predictions) {
    return run(DatasetRef.tickets(tickets), predictions);
  }

  private Path tickets(String... ids) {
    return writeLines(
        dir,
        "tickets.jsonl",
        Stream.of(ids).map(id -> JsonLine.ticket(id).json()).toArray(String[]::new));
  }

  private Path predictions(String... lines) {
    return writeLines(dir, "predictions.jsonl", lines);
  }

  /** Neither the report folder nor its hidden staging folder is left behind. */
  private void assertNoReport() throws IOException {
    Path out = out();
    assertFalse(Files.exists(out), out + " exists");
    try (Stream<Path> beside = Files.list(out.getParent())) {
      List<String> partial =
          beside
              .map(p -> p.getFileName().toString())
              .filter(name -> name.startsWith("." + out.getFileName() + ".partial-"))
              .toList();
      assertEquals(List.of(), partial);
    }
  }

  @Test
  void givenOnePredictionPerTicket_whenRun_thenReportFolderIsComplete() throws IOException {
    Path tickets = tickets("t1", "t2");
    Path predictions =
        predictions(
            JsonLine.prediction("t2").json(),
            JsonLine.prediction("t1").with("intent", quoted("lost_card")).json());

    EvaluationReport report = run(tickets, predictions);

    assertEquals(out(), report.folder());
    assertEquals(2, report.dataset().count());
    assertEquals(List.of("lost_card"), report.unknownIntents());
    for (String name :
        List.of(
            ReportFiles.METRICS, ReportFiles.CONFUSION, ReportFiles.SUMMARY, ReportFiles.TIER2)) {
      assertTrue(Files.isRegularFile(out().resolve(name)), name);
    }
    try (Stream<Path> beside = Files.list(out().getParent())) {
      assertEquals(List.of(out()), beside.toList());
    }
  }

  @Test
  void givenTicketWithoutPrediction_whenRun_thenViolationNamesTicketAndNoReportIsLeft()
      throws IOException {
    Path tickets = tickets("t1", "t2", "t3");
    Path predictions =
        predictions(JsonLine.prediction("t1").json(), JsonLine.prediction("t3").json());

    ContractViolation e =
        assertViolation(() -> run(tickets, predictions), predictions, 0, "ticket_id", "\"t2\"");

    assertTrue(e.problem().contains("missing prediction"), e.getMessage());
    assertTrue(e.problem().contains("line 2 of " + tickets), e.getMessage());
    assertNoReport();
  }

  @Test
  void givenPredictionForUnknownTicket_whenRun_thenViolationNamesItsLineAndNoReportIsLeft()
      throws IOException {
    Path tickets = tickets("t1", "t2");
    Path predictions =
        predictions(
            JsonLine.prediction("t1").json(),
            JsonLine.prediction("t2").json(),
            JsonLine.prediction("t9").json());

    ContractViolation e =
        assertViolation(() -> run(tickets, predictions), predictions, 3, "ticket_id", "\"t9\"");

    assertTrue(e.problem().contains("not in " + tickets), e.getMessage());
    assertNoReport();
  }

  @Test
  void givenDuplicatePrediction_whenRun_thenViolationNamesBothLinesAndNoReportIsLeft()
      throws IOException {
    Path tickets = tickets("t1", "t2");
    Path predictions =
        predictions(
            JsonLine.prediction("t1").json(),
            JsonLine.prediction("t2").json(),
            JsonLine.prediction("t1").with("confidence", "0.5").json());

    ContractViolation e =
        assertViolation(() -> run(tickets, predictions), predictions, 3, "ticket_id", "\"t1\"");

    assertTrue(e.problem().contains("first on line 1"), e.getMessage());
    assertNoReport();
  }

  @Test
  void givenDuplicateTicketId_whenRun_thenViolationNamesTicketLineAndNoReportIsLeft()
      throws IOException {
    Path tickets = tickets("t1", "t2", "t1");
    Path predictions =
        predictions(JsonLine.prediction("t1").json(), JsonLine.prediction("t2").json());

    ContractViolation e =
        assertViolation(() -> run(tickets, predictions), tickets, 3, "ticket_id", "\"t1\"");

    assertTrue(e.problem().startsWith("duplicate ticket_id"), e.getMessage());
    assertNoReport();
  }

  @Test
  void givenConfidenceOutOfRange_whenRun_thenViolationAndNoReportIsLeft() throws IOException {
    Path tickets = tickets("t1", "t2");
    Path predictions =
        predictions(
            JsonLine.prediction("t1").json(),
            JsonLine.prediction("t2").with("confidence", "1.5").json());

    assertViolation(() -> run(tickets, predictions), predictions, 2, "confidence", "1.5");

    assertNoReport();
  }

  @Test
  void givenGoldIntentOutsideTaxonomyOnLastLine_whenRun_thenViolationAndNoReportIsLeft()
      throws IOException {
    Path tickets =
        writeLines(
            dir,
            "tickets.jsonl",
            JsonLine.ticket("t1").json(),
            JsonLine.ticket("t2").with("intent", quoted("lost_card")).json());
    Path predictions =
        predictions(JsonLine.prediction("t1").json(), JsonLine.prediction("t2").json());

    assertViolation(() -> run(tickets, predictions), tickets, 2, "intent", "\"lost_card\"");

    assertNoReport();
  }

  @Test
  void givenGoldenSetWhoseChecksumDiffers_whenRun_thenViolationAfterScoringAndNoReportIsLeft()
      throws IOException {
    Path golden = dir.resolve("golden").resolve("v3");
    writeLines(golden, "tickets.jsonl", JsonLine.ticket("t1").json(), JsonLine.ticket("t2").json());
    write(
        golden,
        "manifest.json",
        """
        {"version": "v3", "created_at": "2025-12-01T00:00:00Z", "count": 2,
         "sha256": "%s", "taxonomy_version": "2025-12-01", "parent_version": null, "changes": []}
        """
            .formatted("ab".repeat(32)));
    GoldenSet set = GoldenSet.open(golden);
    Path predictions =
        predictions(JsonLine.prediction("t1").json(), JsonLine.prediction("t2").json());

    ContractViolation e =
        assertViolation(
            () -> run(DatasetRef.golden(set), predictions), set.ticketsFile(), 0, null, null);

    assertTrue(e.problem().startsWith("checksum mismatch"), e.getMessage());
    assertNoReport();
  }

  @Test
  void givenEmptyPredictionFile_whenRun_thenViolationNamesItAndNoReportIsLeft() throws IOException {
    Path tickets = tickets("t1");
    Path predictions = write(dir, "predictions.jsonl", "\n");

    ContractViolation e =
        assertViolation(() -> run(tickets, predictions), predictions, 0, null, null);

    assertTrue(e.problem().contains("empty"), e.getMessage());
    assertNoReport();
  }
}
