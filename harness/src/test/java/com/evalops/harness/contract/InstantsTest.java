package com.evalops.harness.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast path for {@code 2025-12-01T09:30:00Z} must agree with the JDK's ISO parser. */
class InstantsTest {
  private static final DateTimeFormatter UTC_SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'");
  private static final long FIRST = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
  private static final long LAST = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

  private static Instant jdk(String text) {
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeException e) {
      return null;
    }
  }

  @Test
  void givenRandomUtcSecondInstants_whenParsed_thenFastPathAgreesWithJdk() {
    Random random = new Random(20251201);
    for (int i = 0; i < 500; i++) {
      long second = FIRST + (long) (random.nextDouble() * (LAST - FIRST));
      String text = UTC_SECONDS.format(Instant.ofEpochSecond(second).atOffset(ZoneOffset.UTC));

      Instant parsed = Instants.parseOrNull(text);

      assertNotNull(parsed, text);
      assertEquals(jdk(text), parsed, text);
      assertEquals(second, parsed.getEpochSecond(), text);
    }
  }

  @Test
  void givenRandomInstantsWithOffsetsAndFractions_whenParsed_thenSameAsJdk() {
    Random random = new Random(7);
    for (int i = 0; i < 300; i++) {
      long second = FIRST + (long) (random.nextDouble() * (LAST - FIRST));
      ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(37) - 18) * 1800);
      OffsetDateTime time =
          Instant.ofEpochSecond(second, random.nextInt(1_000_000_000)).atOffset(offset);
      String text = time.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);

      assertEquals(time.toInstant(), Instants.parseOrNull(text), text);
    }
  }

  @Test
  void givenRandomCalendarNearMisses_whenParsed_thenSameAnswerAsJdk() {
    Random random = new Random(13);
    for (int i = 0; i < 500; i++) {
      String text =
          "%04d-%02d-%02dT%02d:%02d:%02dZ"
              .formatted(
                  random.nextInt(10_000),
                  random.nextInt(14),
                  26 + random.nextInt(7),
                  random.nextInt(25),
                  random.nextInt(61),
                  random.nextInt(61));

      assertEquals(jdk(text), Instants.parseOrNull(text), text);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2024-02-29T12:00:00Z",
        "2025-02-29T12:00:00Z",
        "1900-02-29T00:00:00Z",
        "2000-02-29T00:00:00Z",
        "2025-04-31T00:00:00Z",
        "2025-12-01T24:00:00Z",
        "2025-12-01T23:59:60Z",
        "2025-12-01T09:30:00z",
        "2025-12-01 09:30:00Z",
        "2025-12-01T09:30:0aZ",
        "2025-12-01T09:30:00",
        "2025-12-01",
        "yesterday",
        ""
      })
  void givenEdgeCase_whenParsed_thenSameAnswerAsJdk(String text) {
    assertEquals(jdk(text), Instants.parseOrNull(text), text);
  }
}
