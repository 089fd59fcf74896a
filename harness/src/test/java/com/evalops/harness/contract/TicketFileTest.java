package com.evalops.harness.contract;

import static com.evalops.harness.contract.Fixtures.assertViolation;
import static com.evalops.harness.contract.Fixtures.quoted;
import static com.evalops.harness.contract.Fixtures.writeLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.harness.contract.Fixtures.JsonLine;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Data contract §1: the fields of a ticket file. */
class TicketFileTest {
  @TempDir Path dir;

  @Test
  void givenTicketWithEveryField_whenLoaded_thenEveryFieldIsRead() {
    Path file =
        writeLines(
            dir,
            "tickets.jsonl",
            JsonLine.ticket("t1")
                .with("safety_flags", "[\"self_harm\", \"threat\"]")
                .with("notes", quoted("relabeled in v3"))
                .json(),
            JsonLine.ticket("t2")
                .with("channel", quoted("livechat"))
                .with("intent", quoted("fraud_report"))
                .with("team", quoted("risk"))
                .with("tier", "0")
                .with("template", "null")
                .json());

    List<Ticket> tickets = TicketFile.load(file, Fixtures.taxonomy(dir));

    assertEquals(
        List.of(
            new Ticket(
                "t1",
                Instant.parse("2025-12-01T09:30:00Z"),
                Channel.EMAIL,
                "Where is my new card?",
                "card_delivery_eta",
                "cards",
                2,
                "card_delivery_eta_v1",
                List.of("self_harm", "threat"),
                "relabeled in v3"),
            new Ticket(
                "t2",
                Instant.parse("2025-12-01T09:30:00Z"),
                Channel.LIVECHAT,
                "Where is my new card?",
                "fraud_report",
                "risk",
                0,
                null,
                List.of(),
                null)),
        tickets);
  }

  @ParameterizedTest
  @CsvSource({
    "2025-12-01T09:30:00.123+01:00, 2025-12-01T08:30:00.123Z",
    "2025-12-01T09:30:00-05:30, 2025-12-01T15:00:00Z",
    "2025-12-01T09:30:00.000000001Z, 2025-12-01T09:30:00.000000001Z",
    "2024-02-29T23:59:59+00:00, 2024-02-29T23:59:59Z",
    "2025-12-01T09:30Z, 2025-12-01T09:30:00Z"
  })
  void givenIsoInstantWithOffsetOrFraction_whenLoaded_thenCreatedAtIsThatInstant(
      String written, String expected) {
    Path file =
        writeLines(
            dir, "tickets.jsonl", JsonLine.ticket("t1").with("created_at", quoted(written)).json());

    Ticket ticket = TicketFile.load(file, null).get(0);

    assertEquals(Instant.parse(expected), ticket.createdAt());
  }

  @Test
  void givenBlankTrailingLines_whenLoaded_thenTheyAreIgnored() {
    Path file =
        writeLines(
            dir, "tickets.jsonl", JsonLine.ticket("t1").json(), JsonLine.ticket("t2").json(), "");

    assertEquals(2, TicketFile.load(file, null).size());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ticket_id",
        "created_at",
        "channel",
        "text",
        "intent",
        "team",
        "tier",
        "template"
      })
  void givenRequiredFieldMissing_whenLoaded_thenViolationNamesLineAndField(String field) {
    Path file =
        writeLines(
            dir,
            "tickets.jsonl",
            JsonLine.ticket("t1").json(),
            JsonLine.ticket("t2").without(field).json());

    ContractViolation e = assertViolation(() -> TicketFile.load(file, null), file, 2, field, null);

    assertTrue(e.getMessage().contains("missing required field"), e.getMessage());
  }

  @Test
  void givenUnknownField_whenLoaded_thenViolationNamesFieldAndValue() {
    Path file =
        writeLines(
            dir, "tickets.jsonl", JsonLine.ticket("t1").with("priority", quoted("high")).json());

    ContractViolation e =
        assertViolation(() -> TicketFile.load(file, null), file, 1, "priority", "\"high\"");

    assertTrue(e.getMessage().contains("unknown field"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "tier       | \"1\"                    | integer",
        "tier       | 1.5                      | integer",
        "tier       | 3                        | 0, 1 or 2",
        "tier       | -1                       | 0, 1 or 2",
        "tier       | 99999999999999999999     | 0, 1 or 2",
        "channel    | \"phone\"                | \"livechat\" or \"email\"",
        "channel    | \"Email\"                | \"livechat\" or \"email\"",
        "created_at | \"yesterday\"            | ISO-8601",
        "created_at | \"2025-13-01T00:00:00Z\" | ISO-8601",
        "created_at | \"2025-02-29T00:00:00Z\" | ISO-8601",
        "created_at | \"2025-12-01T09:30:00\"  | ISO-8601",
        "created_at | 1733045400               | string",
        "text       | 42                       | string",
        "safety_flags | \"self_harm\"          | list"
      })
  void givenWrongType_whenLoaded_thenViolationNamesFieldAndValue(
      String field, String rawValue, String expectedProblem) {
    Path file =
        writeLines(
            dir,
            "tickets.jsonl",
            JsonLine.ticket("t1").json(),
            JsonLine.ticket("t2").json(),
            JsonLine.ticket("t3").with(field, rawValue).json());

    ContractViolation e =
        assertViolation(() -> TicketFile.load(file, null), file, 3, field, rawValue);

    assertTrue(e.problem().contains(expectedProblem), e.getMessage());
  }

  @Test
  void givenSafetyFlagThatIsNotAString_whenLoaded_thenViolationNamesSafetyFlags() {
    Path file =
        writeLines(
            dir,
            "tickets.jsonl",
            JsonLine.ticket("t1").with("safety_flags", "[\"threat\", 1]").json());

    ContractViolation e =
        assertViolation(() -> TicketFile.load(file, null), file, 1, "safety_flags", "1");

    assertTrue(e.problem().contains("must be a string"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"\"", "\"   \""})
  void givenEmptyText_whenLoaded_thenViolationNamesText(String rawText) {
    Path file =
        writeLines(dir, "tickets.jsonl", JsonLine.ticket("t1").with("text", rawText).json());

    ContractViolation e =
        assertViolation(() -> TicketFile.load(file, null), file, 1, "text", rawText);

    assertTrue(e.problem().contains("must not be empty"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ticket_id", "created_at", "channel", "text", "intent", "team", "tier"})
  void givenNullForRequiredField_whenLoaded_thenViolationNamesFieldAndNull(String field) {
    Path file =
        writeLines(
            dir,
            "tickets.jsonl",
            JsonLine.ticket("t1").json(),
            JsonLine.ticket("t2").with(field, "null").json());

    ContractViolation e =
        assertViolation(() -> TicketFile.load(file, null), file, 2, field, "null");

    assertTrue(e.problem().contains("null"), e.getMessage());
  }

  @Test
  void givenLongOffendingValue_whenLoaded_thenMessageShortensItAndValueKeepsItWhole() {
    String channel = "c".repeat(200);
    Path file =
        writeLines(
            dir, "tickets.jsonl", JsonLine.ticket("t1").with("channel", quoted(channel)).json());

    ContractViolation e = assertThrows(ContractViolation.class, () -> TicketFile.load(file, null));

    assertEquals(quoted(channel), e.value());
    assertTrue(e.getMessage().contains("(value \"" + "c".repeat(79) + "…)"), e.getMessage());
  }

  @Test
  void givenNullTemplateAndNotes_whenLoaded_thenTheyAreAbsent() {
    Path file =
        writeLines(
            dir,
            "tickets.jsonl",
            JsonLine.ticket("t1").with("template", "null").with("notes", "null").json());

    Ticket ticket = TicketFile.load(file, null).get(0);

    assertNull(ticket.template());
    assertNull(ticket.notes());
  }

  @Test
  void givenDuplicateKeyInOneObject_whenLoaded_thenViolationNamesTheKey() {
    Path file =
        writeLines(
            dir,
            "tickets.jsonl",
            JsonLine.ticket("t1").json(),
            JsonLine.ticket("t2").json().replace("}", ", \"intent\": \"refund_request\"}"));

    ContractViolation e =
        assertViolation(() -> TicketFile.load(file, null), file, 2, "intent", null);

    assertTrue(e.problem().contains("duplicate key"), e.getMessage());
  }

  @Test
  void givenDuplicateTicketId_whenLoaded_thenViolationNamesBothLines() {
    Path file =
        writeLines(
            dir,
            "tickets.jsonl",
            JsonLine.ticket("t1").json(),
            JsonLine.ticket("t2").json(),
            JsonLine.ticket("t1").with("text", quoted("Another ticket")).json());

    ContractViolation e =
        assertViolation(() -> TicketFile.load(file, null), file, 3, "ticket_id", "\"t1\"");

    assertTrue(e.problem().contains("duplicate ticket_id (first on line 1)"), e.getMessage());
  }

  @Test
  void givenGoldIntentOutsideTaxonomy_whenLoadedWithTaxonomy_thenViolationNamesIntentAndVersion() {
    Path file =
        writeLines(
            dir,
            "tickets.jsonl",
            JsonLine.ticket("t1").json(),
            JsonLine.ticket("t2").with("intent", quoted("lost_card")).json());
    Taxonomy taxonomy = Fixtures.taxonomy(dir);

    ContractViolation e =
        assertViolation(() -> TicketFile.load(file, taxonomy), file, 2, "intent", "\"lost_card\"");

    assertTrue(e.problem().contains("not in taxonomy 2025-12-01"), e.getMessage());
  }

  @Test
  void givenGoldIntentOutsideTaxonomy_whenLoadedWithoutTaxonomy_thenTicketLoads() {
    Path file =
        writeLines(
            dir, "tickets.jsonl", JsonLine.ticket("t1").with("intent", quoted("lost_card")).json());

    assertEquals("lost_card", TicketFile.load(file, null).get(0).intent());
  }
}
