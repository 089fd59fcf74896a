package com.evalops.harness.contract;

import static com.evalops.harness.contract.Fixtures.assertViolation;
import static com.evalops.harness.contract.Fixtures.write;
import static com.evalops.harness.contract.Fixtures.writeLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.harness.contract.Fixtures.JsonLine;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Data contract §1: JSON Lines, UTF-8, one object per line, nothing silently skipped. */
class JsonlFormatTest {
  @TempDir Path dir;

  @Test
  void givenSyntaxErrorMidFile_whenLoaded_thenViolationNamesItsLine() {
    Path file =
        writeLines(
            dir,
            "tickets.jsonl",
            JsonLine.ticket("t1").json(),
            JsonLine.ticket("t2").json(),
            JsonLine.ticket("t3").json().replace(", \"channel\"", " \"channel\""),
            JsonLine.ticket("t4").json());

    ContractViolation e = assertViolation(() -> TicketFile.load(file, null), file, 3, null, null);

    assertTrue(e.problem().startsWith("not valid JSON"), e.getMessage());
  }

  /**
   * A file that is not JSON at all (a system file named by mistake, or on purpose): the violation
   * locates the problem but repeats none of the text, since errors reach logs and auditors.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "root:x:0:0:root:/root:/bin/bash",
        "{\"ticket_id\": secret-token-1}",
        "{\"ticket_id\": \"t1\", \"text\": \"secret-token-1"
      })
  void givenTextThatIsNotJson_whenLoaded_thenViolationNamesFileAndLineButNoneOfTheText(
      String line) {
    Path file = writeLines(dir, "tickets.jsonl", line);

    ContractViolation e = assertViolation(() -> TicketFile.load(file, null), file, 1, null, null);

    assertTrue(e.problem().startsWith("not valid JSON"), e.getMessage());
    assertFalse(e.problem().contains("root"), e.getMessage());
    assertFalse(e.problem().contains("secret"), e.getMessage());
  }

  @Test
  void givenTruncatedLineMidFile_whenLoaded_thenViolationNamesTheTruncatedLine() {
    String whole = JsonLine.ticket("t2").json();
    Path file =
        writeLines(
            dir,
            "tickets.jsonl",
            JsonLine.ticket("t1").json(),
            whole.substring(0, whole.indexOf(", \"team\"")),
            JsonLine.ticket("t3").json());

    ContractViolation e = assertViolation(() -> TicketFile.load(file, null), file, 2, null, null);

    assertTrue(e.problem().startsWith("not valid JSON"), e.getMessage());
  }

  @Test
  void givenTruncatedLastLine_whenLoaded_thenViolationNamesThatLine() {
    String whole = JsonLine.ticket("t2").json();
    Path file =
        writeLines(
            dir,
            "tickets.jsonl",
            JsonLine.ticket("t1").json(),
            whole.substring(0, whole.length() - 1));

    ContractViolation e = assertViolation(() -> TicketFile.load(file, null), file, 2, null, null);

    assertTrue(e.problem().startsWith("not valid JSON"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"[\"t2\", \"card_delivery_eta\"]", "\"t2\"", "42", "null"})
  void givenNonObjectOnLine_whenLoaded_thenViolationNamesThatLine(String notAnObject) {
    Path file =
        writeLines(
            dir,
            "tickets.jsonl",
            JsonLine.ticket("t1").json(),
            notAnObject,
            JsonLine.ticket("t3").json());

    ContractViolation e = assertViolation(() -> TicketFile.load(file, null), file, 2, null, null);

    assertTrue(e.problem().contains("one JSON object"), e.getMessage());
  }

  @Test
  void givenTwoObjectsOnOneLine_whenLoaded_thenViolationNamesThatLine() {
    Path file =
        writeLines(
            dir,
            "tickets.jsonl",
            JsonLine.ticket("t1").json(),
            JsonLine.ticket("t2").json() + " " + JsonLine.ticket("t3").json());

    ContractViolation e = assertViolation(() -> TicketFile.load(file, null), file, 2, null, null);

    assertTrue(e.problem().contains("two JSON objects on one line"), e.getMessage());
  }

  @Test
  void givenObjectSpanningLines_whenLoaded_thenViolationNamesItsFirstLine() {
    Path file =
        writeLines(
            dir,
            "tickets.jsonl",
            JsonLine.ticket("t1").json(),
            JsonLine.ticket("t2").json().replace(", \"team\"", ",\n\"team\""));

    ContractViolation e = assertViolation(() -> TicketFile.load(file, null), file, 2, null, null);

    assertTrue(e.problem().contains("must not span several lines"), e.getMessage());
  }

  @Test
  void givenWindowsLineEnds_whenViolationOnThirdLine_thenLineThreeIsNamed() {
    String text =
        JsonLine.ticket("t1").json()
            + "\r\n"
            + JsonLine.ticket("t2").json()
            + "\r\n"
            + JsonLine.ticket("t3").with("tier", "7").json()
            + "\r\n";
    Path file = write(dir, "tickets.jsonl", text);

    assertViolation(() -> TicketFile.load(file, null), file, 3, "tier", "7");
  }

  @Test
  void givenZeroBytes_whenLoaded_thenViolationSaysEmpty() {
    Path file = write(dir, "tickets.jsonl", new byte[0]);

    ContractViolation e = assertViolation(() -> TicketFile.load(file, null), file, 0, null, null);

    assertTrue(e.problem().contains("the file is empty"), e.getMessage());
  }

  @Test
  void givenOnlyBlankLines_whenLoaded_thenViolationSaysEmpty() {
    Path file = write(dir, "tickets.jsonl", "\n  \n\t\n\r\n");

    ContractViolation e = assertViolation(() -> TicketFile.load(file, null), file, 0, null, null);

    assertTrue(e.problem().contains("the file is empty"), e.getMessage());
  }

  @Test
  void givenLatin1ByteInsideString_whenLoaded_thenViolationNamesLineAndUtf8() {
    byte[] good = (JsonLine.ticket("t1").json() + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] latin1 =
        (JsonLine.ticket("t2").with("text", "\"Carte bloqu\u00e9e\"").json() + "\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    Path file = write(dir, "tickets.jsonl", concat(good, latin1));

    ContractViolation e = assertViolation(() -> TicketFile.load(file, null), file, 2, null, null);

    assertTrue(e.problem().contains("UTF-8"), e.getMessage());
  }

  @Test
  void givenUtf16WithByteOrderMark_whenLoaded_thenViolationSaysNotUtf8() {
    byte[] utf16 = (JsonLine.ticket("t1").json() + "\n").getBytes(StandardCharsets.UTF_16);
    Path file = write(dir, "tickets.jsonl", utf16);

    ContractViolation e = assertViolation(() -> TicketFile.load(file, null), file, 0, null, null);

    assertTrue(e.problem().contains("UTF-16"), e.getMessage());
  }

  @Test
  void givenUtf16WithoutByteOrderMark_whenLoaded_thenViolationSaysNotUtf8() {
    byte[] utf16 = (JsonLine.ticket("t1").json() + "\n").getBytes(StandardCharsets.UTF_16LE);
    Path file = write(dir, "tickets.jsonl", utf16);

    ContractViolation e = assertViolation(() -> TicketFile.load(file, null), file, 0, null, null);

    assertTrue(e.problem().contains("not UTF-8"), e.getMessage());
  }

  @Test
  void givenUtf8ByteOrderMark_whenLoaded_thenViolationAsksForUtf8WithoutBom() {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] text = (JsonLine.ticket("t1").json() + "\n").getBytes(StandardCharsets.UTF_8);
    Path file = write(dir, "tickets.jsonl", concat(bom, text));

    ContractViolation e = assertViolation(() -> TicketFile.load(file, null), file, 0, null, null);

    assertTrue(e.problem().contains("byte order mark"), e.getMessage());
  }

  @Test
  void givenNonAsciiUtf8Text_whenLoaded_thenTextIsDecoded() {
    Path file =
        writeLines(
            dir,
            "tickets.jsonl",
            JsonLine.ticket("t1")
                .with("text", "\"Carte bloqu\u00e9e \u20ac \uD83D\uDE00\"")
                .json());

    assertEquals(
        "Carte bloqu\u00e9e \u20ac \uD83D\uDE00", TicketFile.load(file, null).get(0).text());
  }

  @Test
  void givenMissingFile_whenLoaded_thenViolationNamesTheFile() {
    Path file = dir.resolve("no-such-tickets.jsonl");

    ContractViolation e = assertViolation(() -> TicketFile.load(file, null), file, 0, null, null);

    assertEquals("file not found", e.problem());
  }

  @Test
  void givenViolationOnLaterLine_whenStreamed_thenEarlierRowsReachTheSinkFirst() {
    Path file =
        writeLines(
            dir,
            "tickets.jsonl",
            JsonLine.ticket("t1").json(),
            JsonLine.ticket("t2").json(),
            JsonLine.ticket("t3").with("tier", "\"2\"").json(),
            JsonLine.ticket("t4").json());
    List<String> delivered = new ArrayList<>();

    assertViolation(
        () -> TicketFile.stream(file, null, (ticket, line) -> delivered.add(ticket.ticketId())),
        file,
        3,
        "tier",
        "\"2\"");

    assertEquals(List.of("t1", "t2"), delivered);
  }

  @Test
  void givenNestingBeyondParserLimit_whenLoaded_thenViolationNamesTheLine() {
    Path file =
        writeLines(
            dir,
            "tickets.jsonl",
            JsonLine.ticket("t1").json(),
            JsonLine.ticket("t2").with("notes", "[".repeat(1500) + "]".repeat(1500)).json());

    ContractViolation e = assertViolation(() -> TicketFile.load(file, null), file, 2, null, null);

    assertTrue(e.problem().startsWith("not valid JSON"), e.getMessage());
  }

  @Test
  void givenNumberLongerThanParserLimit_whenLoaded_thenViolationNamesTheLine() {
    Path file =
        writeLines(
            dir,
            "tickets.jsonl",
            JsonLine.ticket("t1").json(),
            JsonLine.ticket("t2").with("tier", "1".repeat(1500)).json());

    ContractViolation e = assertViolation(() -> TicketFile.load(file, null), file, 2, null, null);

    assertTrue(e.problem().startsWith("not valid JSON"), e.getMessage());
  }

  @Test
  void givenDuplicateIdBeforeSyntaxError_whenLoaded_thenTheEarlierLineIsReported() {
    Path file =
        writeLines(
            dir,
            "tickets.jsonl",
            JsonLine.ticket("t1").json(),
            JsonLine.ticket("t1").json(),
            "{\"ticket_id\": ");

    ContractViolation e =
        assertViolation(() -> TicketFile.load(file, null), file, 2, "ticket_id", "\"t1\"");

    assertTrue(e.problem().startsWith("duplicate ticket_id"), e.getMessage());
  }

  @Test
  void givenParsingThreadFailsWithError_whenRead_thenTheErrorReachesTheCallerInsteadOfAHang() {
    Path file = writeLines(dir, "tickets.jsonl", JsonLine.ticket("t1").json());

    OutOfMemoryError e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10),
            () ->
                assertThrows(
                    OutOfMemoryError.class,
                    () ->
                        JsonlReader.read(
                            file,
                            "tickets",
                            true,
                            (row, line) -> {
                              throw new OutOfMemoryError("row too large");
                            },
                            (row, line) -> {})));

    assertEquals("row too large", e.getMessage());
  }

  private static byte[] concat(byte[] first, byte[] second) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(first);
    bytes.writeBytes(second);
    return bytes.toByteArray();
  }
}
