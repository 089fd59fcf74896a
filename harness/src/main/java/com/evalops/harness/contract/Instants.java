package com.evalops.harness.contract;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/** ISO-8601 instants, with a fast path for the common {@code 2025-12-01T09:30:00Z} shape. */
final class Instants {
  private Instants() {}

  /** Returns the instant, or null when the text is not an ISO-8601 instant with an offset. */
  static Instant parseOrNull(String text) {
    Instant fast = parseUtcSeconds(text);
    if (fast != null) {
      return fast;
    }
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeException e) {
      return null;
    }
  }

  // Parsing a million timestamps through DateTimeFormatter costs about a second; the exact
  // shape every writer we know uses is checked by hand and the rest falls back to the JDK.
  /** The same, for characters straight from a parser's buffer. */
  static Instant parseOrNull(char[] chars, int offset, int length) {
    Instant fast = parseUtcSeconds(java.nio.CharBuffer.wrap(chars, offset, length));
    return fast != null ? fast : parseOrNull(new String(chars, offset, length));
  }

  private static Instant parseUtcSeconds(CharSequence s) {
    if (s.length() != 20
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':'
        || s.charAt(19) != 'Z') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) {
      return null;
    }
    if (minute < 0 || minute > 59 || second < 0 || second > 59) {
      return null;
    }
    if (day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
      return null;
    }
    long days = java.time.LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(days * 86_400L + hour * 3_600L + minute * 60L + second);
  }

  private static int digits(CharSequence s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
