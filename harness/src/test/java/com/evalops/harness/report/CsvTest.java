package com.evalops.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {
  @TempDir Path dir;

  @Test
  void givenPlainRows_whenWritten_thenUnquotedWithNumbersRoundedToSixDecimals() throws IOException {
    Path file = dir.resolve("plain.csv");
    try (Csv.Writer csv = Csv.open(file, "ticket_id", "confidence", "tier", "automated", "text")) {
      csv.row("t01", 0.6, 2, true, "Where is my card? It's been a week");
      csv.row("t02", -0.25, 0L, false, null);
    }

    assertEquals(
        "ticket_id,confidence,tier,automated,text\n"
            + "t01,0.600000,2,true,Where is my card? It's been a week\n"
            + "t02,-0.250000,0,false,\n",
        Files.readString(file, StandardCharsets.UTF_8));
  }

  @Test
  void givenFieldsWithCommasQuotesAndLineBreaks_whenWrittenAndRead_thenSameFields()
      throws IOException {
    Path file = dir.resolve("quoted.csv");
    List<String> odd =
        List.of("refund, \"partial\"", "two\nlines", "crlf\r\nend", "", "#hash", " padded ");
    try (Csv.Writer csv = Csv.open(file, "a", "b", "c", "d", "e", "f")) {
      csv.row(odd.toArray());
    }

    assertEquals(
        "a,b,c,d,e,f\n\"refund, \"\"partial\"\"\",\"two\nlines\",\"crlf\r\nend\",,#hash, padded \n",
        Files.readString(file, StandardCharsets.UTF_8));
    assertEquals(List.of(List.of("a", "b", "c", "d", "e", "f"), odd), Csv.read(file));
  }

  @Test
  void givenFormulaText_whenWritten_thenLeadingApostropheAndReadBackAsWritten() throws IOException {
    Path file = dir.resolve("guarded.csv");
    List<Object> row =
        List.of(
            "=cmd|' /C calc'!A0",
            "+1+2",
            "-2+3",
            "@SUM(A1)",
            "\tindent",
            "\rreturn",
            "'quoted",
            "plain",
            -0.5,
            -3L);
    try (Csv.Writer csv = Csv.withoutHeader(file)) {
      csv.row(row.toArray());
    }

    assertEquals(
        "'=cmd|' /C calc'!A0,'+1+2,'-2+3,'@SUM(A1),'\tindent,\"'\rreturn\",''quoted,plain,"
            + "-0.500000,-3\n",
        Files.readString(file, StandardCharsets.UTF_8));
    assertEquals(
        List.of(
            List.of(
                "=cmd|' /C calc'!A0",
                "+1+2",
                "-2+3",
                "@SUM(A1)",
                "\tindent",
                "\rreturn",
                "'quoted",
                "plain",
                "-0.500000",
                "-3")),
        Csv.read(file));
  }

  @Test
  void givenUnterminatedQuote_whenRead_thenNotValidCsv() {
    assertThrows(IllegalArgumentException.class, () -> Csv.read("a,b\n\"open,c\n"));
  }

  @Test
  void givenOtherToolsCsv_whenReadVerbatim_thenApostropheKeptAndCrLfAccepted() {
    assertEquals(
        List.of(List.of("text", "category"), List.of("'quoted", "x"), List.of("last", "")),
        Csv.readVerbatim("text,category\r\n'quoted,x\r\n\r\nlast,"));
  }
}
