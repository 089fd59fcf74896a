package com.evalops.harness.contract;

import static com.evalops.harness.contract.Fixtures.assertViolation;
import static com.evalops.harness.contract.Fixtures.quoted;
import static com.evalops.harness.contract.Fixtures.writeLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.harness.contract.Fixtures.JsonLine;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Data contract §5: the production routing log. */
class RoutingLogFileTest {
  @TempDir Path dir;

  private List<RoutingLogEntry> read(Path file) {
    List<RoutingLogEntry> entries = new ArrayList<>();
    RoutingLogFile.stream(file, (entry, line) -> entries.add(entry));
    return entries;
  }

  @Test
  void givenEntryWithOverrideAndCsat_whenStreamed_thenEveryFieldIsRead() {
    Path file =
        writeLines(
            dir,
            "routing-log.jsonl",
            JsonLine.logEntry("t1")
                .with("override", JsonLine.override().json())
                .with("csat", "2")
                .json(),
            JsonLine.logEntry("t2").with("override", "null").with("csat", "null").json());

    List<RoutingLogEntry> entries = read(file);

    RoutingLogEntry first = entries.get(0);
    assertEquals("t1", first.ticketId());
    assertEquals(Instant.parse("2025-12-01T09:30:00Z"), first.createdAt());
    assertEquals(Channel.LIVECHAT, first.channel());
    assertEquals("Where is my new card?", first.text());
    assertEquals(
        new Prediction(
            "t1", "card_delivery_eta", "cards", 2, "card_delivery_eta_v1", 0.93, true, "p7", "m3"),
        first.prediction());
    assertEquals(
        new AgentOverride(
            "refund_request",
            "billing",
            "reroute_billing",
            "agent-17",
            Instant.parse("2025-12-01T10:02:00Z")),
        first.override());
    assertEquals(2, first.csat());
    assertNull(entries.get(1).override());
    assertNull(entries.get(1).csat());
    assertEquals("t2", entries.get(1).prediction().ticketId());
  }

  @ParameterizedTest
  @ValueSource(strings = {"6", "0", "-1", "\"5\"", "4.5", "99999999999999999999"})
  void givenCsatOutsideOneToFive_whenStreamed_thenViolationNamesCsat(String csat) {
    Path file =
        writeLines(
            dir,
            "routing-log.jsonl",
            JsonLine.logEntry("t1").json(),
            JsonLine.logEntry("t2").with("csat", csat).json());

    ContractViolation e = assertViolation(() -> read(file), file, 2, "csat", csat);

    assertTrue(e.problem().contains("1 to 5"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"intent", "team", "macro", "agent_id", "at"})
  void givenOverrideMissingField_whenStreamed_thenViolationNamesOverrideField(String field) {
    Path file =
        writeLines(
            dir,
            "routing-log.jsonl",
            JsonLine.logEntry("t1")
                .with("override", JsonLine.override().without(field).json())
                .json());

    assertViolation(() -> read(file), file, 1, "override." + field, null);
  }

  @Test
  void givenOverrideWithUnknownKey_whenStreamed_thenViolationNamesOverrideKey() {
    Path file =
        writeLines(
            dir,
            "routing-log.jsonl",
            JsonLine.logEntry("t1")
                .with("override", JsonLine.override().with("reason", quoted("wrong team")).json())
                .json());

    assertViolation(() -> read(file), file, 1, "override.reason", "\"wrong team\"");
  }

  @Test
  void givenPredictionTicketIdDiffersFromEntry_whenStreamed_thenViolationNamesBothIds() {
    Path file =
        writeLines(
            dir,
            "routing-log.jsonl",
            JsonLine.logEntry("t1").json(),
            JsonLine.logEntry("t2").with("prediction", JsonLine.prediction("t9").json()).json());

    ContractViolation e =
        assertViolation(() -> read(file), file, 2, "prediction.ticket_id", "\"t9\"");

    assertTrue(e.problem().contains("\"t2\""), e.getMessage());
  }

  @Test
  void givenPredictionTicketIdEqualToEntry_whenStreamed_thenEntryLoads() {
    Path file =
        writeLines(
            dir,
            "routing-log.jsonl",
            JsonLine.logEntry("t1").with("prediction", JsonLine.prediction("t1").json()).json());

    assertEquals("t1", read(file).get(0).prediction().ticketId());
  }

  @Test
  void givenPredictionConfidenceOutOfRange_whenStreamed_thenViolationNamesPredictionField() {
    Path file =
        writeLines(
            dir,
            "routing-log.jsonl",
            JsonLine.logEntry("t1")
                .with(
                    "prediction",
                    JsonLine.prediction("t1").without("ticket_id").with("confidence", "1.5").json())
                .json());

    assertViolation(() -> read(file), file, 1, "prediction.confidence", "1.5");
  }

  @Test
  void givenPredictionMissingField_whenStreamed_thenViolationNamesPredictionField() {
    Path file =
        writeLines(
            dir,
            "routing-log.jsonl",
            JsonLine.logEntry("t1")
                .with("prediction", JsonLine.prediction("t1").without("automated").json())
                .json());

    assertViolation(() -> read(file), file, 1, "prediction.automated", null);
  }

  @Test
  void givenDuplicateKeyInsideOverride_whenStreamed_thenViolationNamesOverrideKey() {
    String override =
        JsonLine.override().json().replace("}", ", \"at\": \"2025-12-02T00:00:00Z\"}");
    Path file =
        writeLines(
            dir, "routing-log.jsonl", JsonLine.logEntry("t1").with("override", override).json());

    ContractViolation e = assertViolation(() -> read(file), file, 1, "override.at", null);

    assertTrue(e.problem().contains("duplicate key"), e.getMessage());
  }

  @Test
  void givenPredictionNotAnObject_whenStreamed_thenViolationNamesPrediction() {
    Path file =
        writeLines(
            dir,
            "routing-log.jsonl",
            JsonLine.logEntry("t1").with("prediction", quoted("card_delivery_eta")).json());

    assertViolation(() -> read(file), file, 1, "prediction", "\"card_delivery_eta\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ticket_id", "created_at", "channel", "text", "prediction"})
  void givenRequiredFieldMissing_whenStreamed_thenViolationNamesField(String field) {
    Path file = writeLines(dir, "routing-log.jsonl", JsonLine.logEntry("t1").without(field).json());

    assertViolation(() -> read(file), file, 1, field, null);
  }

  @Test
  void givenGoldLabelInLog_whenStreamed_thenViolationNamesItAsUnknown() {
    Path file =
        writeLines(
            dir, "routing-log.jsonl", JsonLine.logEntry("t1").with("intent", quoted("x")).json());

    assertViolation(() -> read(file), file, 1, "intent", "\"x\"");
  }
}
