package com.evalops.workflows.cadence;

import com.evalops.workflows.ErrorType;
import io.temporal.failure.ApplicationFailure;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Which day, week or month a scheduled run covers, from the moment it starts. A schedule (or a cron
 * workflow) starts every run with the same request and no explicit period, so the run derives its
 * period from its own start time in the schedule's time zone. Pure and deterministic: the workflows
 * pass {@code Workflow.currentTimeMillis()}, which replays the same.
 *
 * <ul>
 *   <li><b>Daily QA</b> samples the <em>previous business day</em>: the run fires in the morning,
 *       when the day's routing log is still being written, while yesterday's is complete. Monday's
 *       run samples Friday. (Public holidays are not known here; such a day yields a small or empty
 *       sample, which the activity reports.)
 *   <li><b>Weekly regression</b> is named after the ISO week it runs in ({@code 2025-W51}): it
 *       evaluates the config in force that week against the last baseline.
 *   <li><b>Monthly calibration</b> analyses the month that <em>just ended</em>: it fires on the
 *       1st, and its analysis window ends with the named month.
 * </ul>
 */
public final class CadencePeriods {
  private CadencePeriods() {}

  /** The schedule's zone; blank means UTC. An unknown zone is a bad request, not a retry. */
  public static ZoneId zone(String zone) {
    if (zone == null || zone.isBlank()) {
      return ZoneOffset.UTC;
    }
    try {
      return ZoneId.of(zone.trim());
    } catch (DateTimeException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "zone must be an IANA time zone like Europe/Berlin, was \"" + zone + "\"",
          ErrorType.INVALID_INPUT.name());
    }
  }

  /** The business day (Monday–Friday) before the one {@code at} falls on in {@code zone}. */
  public static String previousBusinessDay(Instant at, ZoneId zone) {
    LocalDate day = at.atZone(zone).toLocalDate().minusDays(1);
    while (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
      day = day.minusDays(1);
    }
    return day.toString();
  }

  /** The ISO week {@code at} falls in, in {@code zone}: {@code 2025-W51}. */
  public static String isoWeek(Instant at, ZoneId zone) {
    LocalDate day = at.atZone(zone).toLocalDate();
    return String.format(
        Locale.ROOT,
        "%d-W%02d",
        day.get(IsoFields.WEEK_BASED_YEAR),
        day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
  }

  /** The month before the one {@code at} falls in, in {@code zone}: {@code 2025-11}. */
  public static String previousMonth(Instant at, ZoneId zone) {
    return YearMonth.from(at.atZone(zone)).minusMonths(1).toString();
  }

  /** The explicit period when given, otherwise the one {@code derived} computes. */
  static String orDerived(String explicit, Supplier<String> derived) {
    return explicit == null || explicit.isBlank() ? derived.get() : explicit;
  }
}
