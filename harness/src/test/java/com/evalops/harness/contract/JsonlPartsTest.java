package com.evalops.harness.contract;

import static com.evalops.harness.contract.Fixtures.JsonLine.ticket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file read in two parallel halves reads exactly as it does in one thread. */
class JsonlPartsTest {
  private static final int ROWS = 3_000;

  @TempDir Path dir;

  private Path ticketsWithLine(int badLine, String badJson) {
    String[] lines = new String[ROWS];
    for (int i = 0; i < ROWS; i++) {
      lines[i] = i + 1 == badLine ? badJson : ticket("T" + (i + 1)).json();
    }
    return Fixtures.writeLines(dir, "tickets.jsonl", lines);
  }

  /** Reads in halves (splitting even a small file) and returns each row's id by its line. */
  private static Map<Long, String> readInHalves(Path file, List<Integer> partsSeen) {
    Map<Long, String> idsByLine = Collections.synchronizedMap(new TreeMap<>());
    JsonlParts.read(
        file,
        "tickets",
        true,
        (row, line) -> TicketFile.parse(file, row, line, null),
        part -> {
          partsSeen.add(part);
          return (ticket, line) -> idsByLine.put(line, ticket.ticketId());
        },
        0);
    return idsByLine;
  }

  @Test
  void givenFileSplitInHalves_whenRead_thenEveryRowArrivesOnceWithItsOwnLine() {
    Path file = ticketsWithLine(0, null);
    List<Integer> parts = Collections.synchronizedList(new ArrayList<>());

    Map<Long, String> idsByLine = readInHalves(file, parts);

    assertEquals(2, parts.size(), "the file was read as two parts");
    assertEquals(ROWS, idsByLine.size());
    for (long line = 1; line <= ROWS; line++) {
      assertEquals("T" + line, idsByLine.get(line));
    }
    JsonlReader.FileDigest whole = TicketFile.stream(file, null, (ticket, line) -> {});
    JsonlReader.FileDigest halves =
        JsonlParts.read(
            file,
            "tickets",
            true,
            (row, line) -> TicketFile.parse(file, row, line, null),
            part -> (ticket, line) -> {},
            0);
    assertEquals(whole, halves, "same SHA-256 and row count");
  }

  @Test
  void givenBadRowInSecondHalf_whenReadInHalves_thenViolationNamesItsLineInTheWholeFile() {
    Path file = ticketsWithLine(2_500, "{\"ticket_id\": \"T2500\", oops}");

    ContractViolation e =
        assertThrows(ContractViolation.class, () -> readInHalves(file, new ArrayList<>()));

    assertEquals(2_500, e.line());
  }

  @Test
  void givenBadRowsInBothHalves_whenReadInHalves_thenTheEarlierLineIsReported() {
    String[] lines = new String[ROWS];
    for (int i = 0; i < ROWS; i++) {
      lines[i] = ticket("T" + (i + 1)).json();
    }
    lines[99] = "[]";
    lines[2_899] = "{\"broken\"";
    Path file = Fixtures.writeLines(dir, "tickets.jsonl", lines);

    ContractViolation e =
        assertThrows(ContractViolation.class, () -> readInHalves(file, new ArrayList<>()));

    assertEquals(100, e.line());
  }
}
