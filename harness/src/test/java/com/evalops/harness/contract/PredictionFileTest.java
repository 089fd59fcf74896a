package com.evalops.harness.contract;

import static com.evalops.harness.contract.Fixtures.assertViolation;
import static com.evalops.harness.contract.Fixtures.quoted;
import static com.evalops.harness.contract.Fixtures.writeLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.harness.contract.Fixtures.JsonLine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Data contract §4: the fields of router output. */
class PredictionFileTest {
  @TempDir Path dir;

  @Test
  void givenValidPredictions_whenStreamed_thenEachArrivesWithItsLine() {
    Path file =
        writeLines(
            dir,
            "predictions.jsonl",
            JsonLine.prediction("t1").json(),
            JsonLine.prediction("t2")
                .with("intent", quoted("not_in_any_taxonomy"))
                .with("template", "null")
                .with("confidence", "0")
                .with("automated", "false")
                .json(),
            JsonLine.prediction("t3").with("confidence", "1").json());
    List<Prediction> read = new ArrayList<>();
    List<Long> lines = new ArrayList<>();

    JsonlReader.FileDigest digest =
        PredictionFile.stream(
            file,
            (prediction, line) -> {
              read.add(prediction);
              lines.add(line);
            });

    assertEquals(3, digest.rows());
    assertEquals(List.of(1L, 2L, 3L), lines);
    assertEquals(
        new Prediction(
            "t1", "card_delivery_eta", "cards", 2, "card_delivery_eta_v1", 0.93, true, "p7", "m3"),
        read.get(0));
    assertEquals(
        new Prediction("t2", "not_in_any_taxonomy", "cards", 2, null, 0.0, false, "p7", "m3"),
        read.get(1));
    assertEquals(1.0, read.get(2).confidence());
  }

  @ParameterizedTest
  @ValueSource(strings = {"-0.1", "1.5", "1.0000001", "-1", "2", "1e3"})
  void givenConfidenceOutOfRange_whenStreamed_thenViolationNamesConfidence(String confidence) {
    Path file =
        writeLines(
            dir,
            "predictions.jsonl",
            JsonLine.prediction("t1").json(),
            JsonLine.prediction("t2").with("confidence", confidence).json());

    ContractViolation e =
        assertViolation(
            () -> PredictionFile.stream(file, (p, line) -> {}), file, 2, "confidence", confidence);

    assertTrue(e.problem().contains("[0, 1]"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "confidence | \"0.9\"  | number",
        "confidence | null     | number",
        "automated  | \"yes\"  | true or false",
        "automated  | 1        | true or false",
        "automated  | null     | true or false",
        "tier       | \"2\"    | integer",
        "template   | 7        | string",
        "ticket_id  | 17       | string"
      })
  void givenWrongType_whenStreamed_thenViolationNamesFieldAndValue(
      String field, String rawValue, String expectedProblem) {
    Path file =
        writeLines(
            dir, "predictions.jsonl", JsonLine.prediction("t1").with(field, rawValue).json());

    ContractViolation e =
        assertViolation(
            () -> PredictionFile.stream(file, (p, line) -> {}), file, 1, field, rawValue);

    assertTrue(e.problem().contains(expectedProblem), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ticket_id",
        "intent",
        "team",
        "tier",
        "template",
        "confidence",
        "automated",
        "prompt_version",
        "model_version"
      })
  void givenRequiredFieldMissing_whenStreamed_thenViolationNamesLineAndField(String field) {
    Path file =
        writeLines(
            dir,
            "predictions.jsonl",
            JsonLine.prediction("t1").json(),
            JsonLine.prediction("t2").without(field).json());

    assertViolation(() -> PredictionFile.stream(file, (p, line) -> {}), file, 2, field, null);
  }

  @Test
  void givenUnknownField_whenStreamed_thenViolationNamesFieldAndValue() {
    Path file =
        writeLines(
            dir, "predictions.jsonl", JsonLine.prediction("t1").with("latency_ms", "12").json());

    assertViolation(
        () -> PredictionFile.stream(file, (p, line) -> {}), file, 1, "latency_ms", "12");
  }
}
