package com.evalops.worker.api;

import com.evalops.harness.ids.ConfinedPaths;
import com.evalops.harness.ids.SafeIds;
import com.evalops.harness.sampling.StratifiedSampler;
import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.incident.StartRegressionRequest;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a request may carry, checked before any runbook starts, so a bad value is a 400 naming the
 * field and what it allows rather than a runbook that fails later: ids by the one rule of {@link
 * SafeIds}, days, weeks and months in their ISO form, counts and windows in their ranges, files
 * under the engine's own folders.
 */
final class RequestRules {
  /** Tickets a daily QA sample holds (data contract §10). */
  static final Range DAILY_SAMPLE_SIZE =
      new Range(StratifiedSampler.MIN_SAMPLE_SIZE, StratifiedSampler.MAX_SAMPLE_SIZE);

  /** Problem tickets an incident has labeled (seed §3). */
  static final Range INCIDENT_TICKETS =
      new Range(StartRegressionRequest.MIN_TICKETS, StartRegressionRequest.MAX_TICKETS);

  /** How far back an incident looks for problem tickets: they must be recent, a month at most. */
  static final Range INCIDENT_WINDOW_DAYS = new Range(1, 30);

  /** Days of routing log a calibration analyses, ending with its month: a quarter at most. */
  static final Range MONTHLY_WINDOW_DAYS = new Range(1, 92);

  /**
   * A scope names its incident, and the incident names its samples and runs after itself; the
   * shorter limit leaves room for what those names add, so they stay within the id rule.
   */
  static final int MAX_SCOPE_CHARS = 64;

  private static final Pattern ISO_DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern ISO_WEEK = Pattern.compile("\\d{4}-W\\d{2}");
  private static final Pattern ISO_MONTH = Pattern.compile("\\d{4}-\\d{2}");

  private RequestRules() {}

  /** An inclusive range of whole numbers. */
  record Range(int min, int max) {
    String allowed() {
      return min + " to " + max;
    }

    /** {@code value}, or {@code absent} when the request leaves it out. */
    int check(String field, Integer value, int absent) {
      if (value == null) {
        return absent;
      }
      if (value < min || value > max) {
        throw ApiException.badRequest(
            field, field + " must be from " + allowed() + ", was " + value, allowed());
      }
      return value;
    }
  }

  /** An optional id: null stays null, anything else must follow the id rule. */
  static String id(String field, String value) {
    if (value != null && !SafeIds.isSafe(value)) {
      throw ApiException.badRequest(
          field,
          field
              + " must be an id: letters, digits, '.', '-' and '_', starting with a letter or digit,"
              + " at most 128 characters, no '..' ("
              + SafeIds.RULE
              + ")",
          SafeIds.RULE);
    }
    return value;
  }

  /**
   * The scope of an incident: an id of at most {@value #MAX_SCOPE_CHARS} characters, or {@code *}
   * for every scope.
   */
  static String scope(String field, String value) {
    if (WorkflowIds.ALL_SCOPES.equals(value)) {
      return value;
    }
    String allowed = "'" + WorkflowIds.ALL_SCOPES + "' or " + SafeIds.RULE;
    if (!SafeIds.isSafe(value) || value.length() > MAX_SCOPE_CHARS) {
      throw ApiException.badRequest(
          field,
          field
              + " must be '"
              + WorkflowIds.ALL_SCOPES
              + "' (every scope) or an id of at most "
              + MAX_SCOPE_CHARS
              + " characters: letters, digits, '.', '-' and '_', starting with a letter or digit,"
              + " no '..'",
          allowed);
    }
    return value;
  }

  /** A business day (Monday to Friday) in ISO form, {@code 2025-12-19}. */
  static String businessDay(String field, String day) {
    LocalDate date;
    try {
      if (!ISO_DAY.matcher(day).matches()) {
        throw new DateTimeParseException("not yyyy-mm-dd", day, 0);
      }
      date = LocalDate.parse(day);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(
          field,
          field + " must be an ISO date like 2025-12-19, was " + shown(day),
          "an ISO date, yyyy-mm-dd, Monday to Friday");
    }
    DayOfWeek weekday = date.getDayOfWeek();
    if (weekday == DayOfWeek.SATURDAY || weekday == DayOfWeek.SUNDAY) {
      throw ApiException.badRequest(
          field,
          day + " is a " + weekday + "; daily QA samples business days (Monday to Friday)",
          "an ISO date, yyyy-mm-dd, Monday to Friday");
    }
    return day;
  }

  /** An ISO week that exists, {@code 2025-W51} ({@code 2026-W53} does, {@code 2025-W53} not). */
  static String isoWeek(String field, String week) {
    try {
      if (!ISO_WEEK.matcher(week).matches()) {
        throw new DateTimeParseException("not yyyy-Www", week, 0);
      }
      LocalDate.parse(week + "-1", DateTimeFormatter.ISO_WEEK_DATE);
      return week;
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(
          field,
          field + " must be an ISO week like 2025-W51, was " + shown(week),
          "an ISO week, yyyy-Www");
    }
  }

  /** A month in ISO form, {@code 2025-12}. */
  static String month(String field, String month) {
    try {
      if (!ISO_MONTH.matcher(month).matches()) {
        throw new DateTimeParseException("not yyyy-mm", month, 0);
      }
      YearMonth.parse(month);
      return month;
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(
          field, field + " must be a month like 2025-12, was " + shown(month), "yyyy-mm");
    }
  }

  /**
   * A file the engine itself keeps, named by a path or a {@code file:} URI: only under {@code
   * roots} (the data folder and the dataset root), so a request cannot have the engine read, and
   * echo, any other file.
   */
  static String engineFile(String field, String ref, List<Path> roots) {
    try {
      ConfinedPaths.fileUnder(ref, roots);
      return ref;
    } catch (IllegalArgumentException e) {
      String allowed =
          "a path or file: URI under "
              + String.join(
                  " or ",
                  roots.stream().map(r -> r.toAbsolutePath().normalize().toString()).toList());
      throw ApiException.badRequest(field, field + " must be " + allowed, allowed);
    }
  }

  /** A value as a message repeats it: enough to recognise, never a whole blob. */
  private static String shown(String value) {
    return "\"" + (value.length() > 40 ? value.substring(0, 40) + "…" : value) + "\"";
  }
}
