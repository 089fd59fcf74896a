package com.evalops.harness.evaluation;

import static com.evalops.harness.contract.Fixtures.writeLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.harness.comparison.ComparisonThresholds;
import com.evalops.harness.contract.ContractViolation;
import com.evalops.harness.contract.Fixtures;
import com.evalops.harness.contract.Fixtures.JsonLine;
import com.evalops.harness.contract.JsonlParts;
import com.evalops.harness.report.ReportFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large files are scored in two parallel halves. These tests split small files so that the halves'
 * results are compared with one thread's, and the joins across halves are checked.
 */
class EvaluationInHalvesTest {
  private static final int ROWS = 2_000;

  @TempDir Path dir;

  @AfterEach
  void readInOneThreadAgain() {
    System.clearProperty(JsonlParts.PARALLEL_FROM_PROPERTY);
  }

  private Path lines(String name, IntFunction<String> line) {
    return writeLines(dir, name, IntStream.range(0, ROWS).mapToObj(line).toArray(String[]::new));
  }

  /** Every 7th ticket misrouted to fraud_report (a Tier 0 false positive and a misroute). */
  private Path predictions() {
    return lines(
        "predictions.jsonl",
        i ->
            i % 7 == 0
                ? JsonLine.prediction("T" + i)
                    .with("intent", "\"fraud_report\"")
                    .with("team", "\"risk\"")
                    .with("tier", "0")
                    .with("template", "null")
                    .with("automated", "false")
                    .json()
                : JsonLine.prediction("T" + i).json());
  }

  private Path tickets() {
    return lines("tickets.jsonl", i -> JsonLine.ticket("T" + i).json());
  }

  private EvaluationReport run(Path tickets, Path predictions, String name, boolean inHalves) {
    if (inHalves) {
      System.setProperty(JsonlParts.PARALLEL_FROM_PROPERTY, "0");
    } else {
      System.clearProperty(JsonlParts.PARALLEL_FROM_PROPERTY);
    }
    return Evaluation.run(
        new EvaluationRequest(
            name,
            Instant.parse("2025-12-02T08:00:00Z"),
            DatasetRef.tickets(tickets),
            new PredictionSource.FromFile(predictions),
            Fixtures.taxonomy(dir),
            Fixtures.routerConfig(dir),
            dir.resolve(name),
            null,
            ComparisonThresholds.DEFAULTS,
            0.95,
            UnaryOperator.identity()),
        ProgressListener.NONE);
  }

  @Test
  void givenFilesScoredInHalves_whenCompared_thenReportEqualsOneThreadsToTheByte()
      throws IOException {
    Path tickets = tickets();
    Path predictions = predictions();

    EvaluationReport one = run(tickets, predictions, "one", false);
    EvaluationReport halves = run(tickets, predictions, "halves", true);

    assertEquals(one.metrics(), halves.metrics());
    assertEquals(one.dataset(), halves.dataset());
    assertEquals(one.sweep(), halves.sweep());
    assertEquals(ROWS / 7 + 1, halves.metrics().tier0().fp());
    for (String file :
        new String[] {
          ReportFiles.TIER0, ReportFiles.TIER2, ReportFiles.MISROUTES, ReportFiles.CONFUSION
        }) {
      assertEquals(
          Files.readString(dir.resolve("one").resolve(file)),
          Files.readString(dir.resolve("halves").resolve(file)),
          file);
    }
    try (var left = Files.list(dir.resolve("halves"))) {
      assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith(".")));
    }
  }

  @Test
  void givenTicketRepeatedInTheOtherHalf_whenScoredInHalves_thenTheLaterLineIsTheDuplicate() {
    Path tickets =
        lines("tickets.jsonl", i -> JsonLine.ticket(i == ROWS - 1 ? "T3" : "T" + i).json());
    Path predictions =
        lines("predictions.jsonl", i -> JsonLine.prediction(i == ROWS - 1 ? "T3" : "T" + i).json());

    ContractViolation e =
        assertThrows(ContractViolation.class, () -> run(tickets, predictions, "dup", true));

    assertTrue(e.getMessage().contains("duplicate"), e.getMessage());
    assertEquals(ROWS, e.line(), e.getMessage());
  }

  @Test
  void givenPredictionRepeatedInTheOtherHalf_whenScoredInHalves_thenNamedAsDuplicate() {
    Path tickets = tickets();
    Path predictions =
        lines("predictions.jsonl", i -> JsonLine.prediction(i == ROWS - 1 ? "T5" : "T" + i).json());

    ContractViolation e =
        assertThrows(ContractViolation.class, () -> run(tickets, predictions, "dup", true));

    assertTrue(
        e.getMessage().contains("missing prediction")
            || e.getMessage().contains("duplicate prediction for this ticket (first on line 6)"),
        e.getMessage());
  }
}
