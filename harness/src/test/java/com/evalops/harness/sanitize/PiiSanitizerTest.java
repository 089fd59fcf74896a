package com.evalops.harness.sanitize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PiiSanitizerTest {
  private final PiiSanitizer sanitizer = new PiiSanitizer();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "mail me at jane.doe@example.com please | mail me at [EMAIL] please",
        "JOHN_SMITH+billing@mail.co.uk wrote | [EMAIL] wrote",
        "a@b.io | [EMAIL]",
        "call +44 20 7946 0958 today | call [PHONE] today",
        "call +1 (555) 123-4567. | call [PHONE].",
        "+49-30-1234567 is my number | [PHONE] is my number",
        "ring +44 (0)20 7946 0958 | ring [PHONE]",
        "+33612345678 | [PHONE]",
        "phone: (555) 123-4567 | phone: [PHONE]",
        "phone: 555-123-4567 | phone: [PHONE]",
        "phone: 555.123.4567 | phone: [PHONE]",
        "my number is 07700900123 | my number is [PHONE]",
        "reach me on 5551234567, thanks | reach me on [PHONE], thanks",
        "card 4242 4242 4242 4242 was charged | card [CARD ****4242] was charged",
        "card 4242-4242-4242-4242 | card [CARD ****4242]",
        "card 4111111111111111 | card [CARD ****1111]",
        "amex 3782 822463 10005 | amex [CARD ****0005]",
        "19 digits 1234567890123456789 | 19 digits [CARD ****6789]",
        "13 digits 4222222222222 | 13 digits [CARD ****2222]",
        "IBAN DE89 3704 0044 0532 0130 00 please | IBAN [IBAN] please",
        "to GB82WEST12345698765432 | to [IBAN]",
        "account number 12345678 | account number [ACCOUNT]",
        "Account no. 00123456 | Account no. [ACCOUNT]",
        "acct #987654321 | acct #[ACCOUNT]",
        "a/c: 12-345-678 | a/c: [ACCOUNT]",
        "ref 123456789012345678901234 | ref [ACCOUNT]",
        "My name is Anna Smith and | My name is [NAME] and",
        "Name: John O'Neil | Name: [NAME]",
        "my name is Ángel | my name is [NAME]",
        "my name is olivia smith | my name is [NAME]",
        "MY NAME IS OLIVIA SMITH | MY NAME IS [NAME]",
        "my name is john and my card was declined | my name is [NAME] and my card was declined",
        "name: o'brien | name: [NAME]",
        "Hi Anna, thanks for your help | Hi [NAME], thanks for your help",
        "hello jean-luc! my card is blocked | hello [NAME]! my card is blocked",
        "Dear Mr Smith, | Dear Mr [NAME],",
        "this is olivia smith, my card was stolen | this is [NAME], my card was stolen",
        "Hi, I'm Olivia Smith and I need help | Hi, I'm [NAME] and I need help",
        "please help. thanks olivia | please help. thanks [NAME]",
        "sort code 12-34-56 | sort code [SORT CODE]",
        "my sort code is 12 34 56 and | my sort code is [SORT CODE] and",
        "Sortcode: 123456 | Sortcode: [SORT CODE]",
        "s/c 12-34-56, a/c 12345678 | s/c [SORT CODE], a/c [ACCOUNT]",
        "iban de89 3704 0044 0532 0130 00 please | iban [IBAN] please",
        "to gb82west12345698765432 | to [IBAN]",
        "GB82 WEST 123456 98765432 | [IBAN]",
        "BE68 5390 0754 7034 rent | [IBAN] rent",
      })
  void givenPii_whenSanitized_thenMasked(String input, String expected) {
    assertEquals(expected, sanitizer.sanitize(input));
    assertTrue(sanitizer.containsPii(input));
    assertFalse(sanitizer.containsPii(sanitizer.sanitize(input)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Where is my new card? I ordered it on 2025-12-01.",
        "Charged twice at 2025-12-01 10:30 and 2025-12-01T10:31:05",
        "The delivery was due 01/12/2025, now it's 12.01.2025",
        "Meeting at 10:30 or 14:05:59",
        "I was charged $25.00 and then $1,250.99 again",
        "EUR 1 250 000 is the limit",
        "Order #12345 and order #123456 never arrived",
        "Order 1234567 is late",
        "Tracking 123456789 shows nothing",
        "My card ending 4242 was declined",
        "I'm unable to log in",
        "hi team, my card was declined",
        "this is urgent, my card was stolen",
        "my name is wrong on my card",
        "thanks again",
        "Dear Sir/Madam,\nI want a refund.",
        "voucher de12abcdefgh34ijklmn56 expired",
        "sort code 12-34-567 is too long",
        "My sort code changed on 12-03-2025",
        "I have 3 cards and 2 accounts",
        "The app version 4.12.0 crashes",
        "account locked, please help",
        "Call me on 123-4567",
        "Request id 123e4567-e89b-12d3-a456-426614174000 failed",
        "See https://example.com/orders/12345/items",
        "Paid at 2025-12-01T10:30:00.123Z",
        "",
      })
  void givenNoPii_whenSanitized_thenTextIsUnchanged(String input) {
    assertEquals(input, sanitizer.sanitize(input));
    assertFalse(sanitizer.containsPii(input));
  }

  @Test
  void givenAPhoneAfterADate_whenSanitized_thenOnlyThePhoneIsMasked() {
    assertEquals(
        "on 2025-12-01 [PHONE] called", sanitizer.sanitize("on 2025-12-01 5551234567 called"));
  }

  @Test
  void givenSeveralKindsInOneTicket_whenSanitized_thenEachIsMaskedAndTheRestKept() {
    String ticket =
        "Hi, my name is Maria Lopez. My card 5555 5555 5555 4444 was charged $25.00 twice on"
            + " 2025-12-01 for order #12345. Email maria.lopez@example.org or call +34 612 345 678.";

    assertEquals(
        "Hi, my name is [NAME]. My card [CARD ****4444] was charged $25.00 twice on"
            + " 2025-12-01 for order #12345. Email [EMAIL] or call [PHONE].",
        sanitizer.sanitize(ticket));
  }

  @Test
  void givenSignOffs_whenSanitized_thenTheNameOnTheirLineOrTheNextIsMasked() {
    assertEquals(
        "Where is my refund?\n\nKind regards,\n[NAME]\nSent from my iPhone",
        sanitizer.sanitize(
            "Where is my refund?\n\nKind regards,\nOlivia Smith\nSent from my iPhone"));
    assertEquals(
        "Thanks for your help,\n\n[NAME]", sanitizer.sanitize("Thanks for your help,\n\nolivia"));
    assertEquals("Best,\n[NAME]", sanitizer.sanitize("Best,\nO'BRIEN"));
  }

  @Test
  void givenADateAfterASortCodeCue_whenSanitized_thenTheDateIsKept() {
    assertEquals(
        "sort code [SORT CODE] paid on 12-03-2025 at 10:30",
        sanitizer.sanitize("sort code 12-34-56 paid on 12-03-2025 at 10:30"));
  }

  @Test
  void givenTheSameText_whenSanitizedTwice_thenTheResultIsStable() {
    String ticket =
        "Hi Anna, card 4242424242424242, phone +1 555 123 4567, jane@example.com, sort code"
            + " 12-34-56, iban de89 3704 0044 0532 0130 00.\nThanks,\nolivia";

    String once = sanitizer.sanitize(ticket);

    assertEquals(once, sanitizer.sanitize(once));
  }

  @Test
  void givenNull_whenSanitized_thenNull() {
    assertEquals(null, sanitizer.sanitize(null));
    assertFalse(sanitizer.containsPii(null));
  }
}
