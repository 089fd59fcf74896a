package com.evalops.harness.router.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRowsTest {

  @Test
  void givenQuotedFieldsWithCommasQuotesAndLineBreaks_whenParsed_thenFieldsKeptWhole() {
    String csv =
        "text,category\r\n"
            + "\"shows as \"\"pending\"\", why?\",pending_card_payment\n"
            + "\"two\nlines\",card_arrival\n"
            + "plain,,\n"
            + "last,no_newline";

    assertEquals(
        List.of(
            List.of("text", "category"),
            List.of("shows as \"pending\", why?", "pending_card_payment"),
            List.of("two\nlines", "card_arrival"),
            List.of("plain", "", ""),
            List.of("last", "no_newline")),
        CsvRows.parse(csv));
  }
}
