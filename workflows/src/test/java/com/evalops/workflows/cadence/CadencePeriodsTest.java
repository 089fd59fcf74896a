package com.evalops.workflows.cadence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CadencePeriodsTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");

  @Test
  void givenTuesdayMorning_whenDailyDay_thenMonday() {
    assertEquals(
        "2025-12-15",
        CadencePeriods.previousBusinessDay(Instant.parse("2025-12-16T08:00:00Z"), BERLIN));
  }

  @Test
  void givenMondayMorning_whenDailyDay_thenFridayBefore() {
    assertEquals(
        "2025-12-12",
        CadencePeriods.previousBusinessDay(Instant.parse("2025-12-15T08:00:00Z"), BERLIN));
  }

  @Test
  void givenInstantOnTuesdayInUtcButMondayInLosAngeles_whenDailyDay_thenZoneDecides() {
    Instant at = Instant.parse("2025-12-16T03:00:00Z");
    assertEquals("2025-12-15", CadencePeriods.previousBusinessDay(at, ZoneOffset.UTC));
    assertEquals("2025-12-12", CadencePeriods.previousBusinessDay(at, LOS_ANGELES));
  }

  @Test
  void givenMondayAtYearEnd_whenWeek_thenIsoWeekOfTheWeekBasedYear() {
    assertEquals("2025-W51", CadencePeriods.isoWeek(Instant.parse("2025-12-15T09:00:00Z"), BERLIN));
    assertEquals("2026-W01", CadencePeriods.isoWeek(Instant.parse("2025-12-29T09:00:00Z"), BERLIN));
  }

  @Test
  void givenFirstOfMonth_whenMonth_thenTheMonthThatJustEnded() {
    assertEquals(
        "2025-11", CadencePeriods.previousMonth(Instant.parse("2025-12-01T09:00:00Z"), BERLIN));
    assertEquals(
        "2025-12", CadencePeriods.previousMonth(Instant.parse("2026-01-01T09:00:00Z"), BERLIN));
  }

  @Test
  void givenFirstOfMonthInUtcButLastDayInLosAngeles_whenMonth_thenZoneDecides() {
    Instant at = Instant.parse("2025-12-01T03:00:00Z");
    assertEquals("2025-11", CadencePeriods.previousMonth(at, ZoneOffset.UTC));
    assertEquals("2025-10", CadencePeriods.previousMonth(at, LOS_ANGELES));
  }

  @Test
  void givenBlankZone_whenParsed_thenUtc() {
    assertEquals(ZoneOffset.UTC, CadencePeriods.zone(null));
    assertEquals(ZoneOffset.UTC, CadencePeriods.zone(" "));
    assertEquals(BERLIN, CadencePeriods.zone("Europe/Berlin"));
  }

  @Test
  void givenUnknownZone_whenParsed_thenNonRetryableInvalidInput() {
    ApplicationFailure e =
        assertThrows(ApplicationFailure.class, () -> CadencePeriods.zone("Mars/Olympus"));
    assertEquals("INVALID_INPUT", e.getType());
    assertEquals(true, e.isNonRetryable());
  }
}
