package com.evalops.workflows;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every workflow id comes from here: one place decides how runs are named (each runbook's ids start
 * with its {@link RunbookKind#prefix()}), and repeated alarms for one scope find the same incident.
 */
public final class WorkflowIds {
  private WorkflowIds() {}

  public static String evaluation(String runId) {
    return RunbookKind.EVALUATION.prefix() + safe(runId);
  }

  public static String weeklyRegression(String weekId) {
    return RunbookKind.WEEKLY.prefix() + safe(weekId);
  }

  public static String dailyQa(String day) {
    return RunbookKind.DAILY.prefix() + safe(day);
  }

  /** One calibration per month: a second start for the same month finds the first. */
  public static String monthlyCalibration(String month) {
    return RunbookKind.MONTHLY.prefix() + safe(month);
  }

  /**
   * The id a Temporal Schedule gives the runs of a cadence; the server appends each run's nominal
   * time ({@code daily-qa-scheduled-2025-12-15T09:00:00Z}).
   */
  public static String scheduledRun(String cadence) {
    return safe(cadence) + "-scheduled";
  }

  /**
   * The cron workflow of a cadence on a server without Schedules: one id for every run, so a second
   * apply finds it.
   */
  public static String cron(String cadence) {
    return "evalops-" + safe(cadence) + "-cron";
  }

  /**
   * The open incident of a scope: alarms for the scope join it (signal-with-start), and people find
   * it by this id. Each incident started under it has an id of its own ({@link #incident}).
   */
  public static String regression(String scope) {
    return RunbookKind.INCIDENT.prefix() + (ALL_SCOPES.equals(scope.trim()) ? "all" : safe(scope));
  }

  /**
   * The leadership release of one orphaned hold: one per scope and holder, so a second request for
   * the same hold finds the first.
   */
  public static String safeModeRelease(String scope, String holder) {
    return RunbookKind.SAFE_MODE_RELEASE.prefix()
        + (ALL_SCOPES.equals(scope.trim()) ? "all" : safe(scope))
        + "-"
        + safe(holder);
  }

  /** The scope of everything: an incident for it holds safe mode for every ticket. */
  public static final String ALL_SCOPES = "*";

  /**
   * One incident, unique among all incidents of its scope: its workflow id and the first eight
   * characters of its Temporal run id. Its child runs, samples, releases, safe-mode hold and
   * Decision Log entry are named from it, so a later incident of the scope reuses none of them.
   */
  public static String incident(String workflowId, String runId) {
    return uniqueRun(workflowId, runId);
  }

  /**
   * One run of a workflow id that may run more than once (a month's calibration started by hand and
   * by its schedule, an incident of a scope): the workflow id and the first eight characters of the
   * Temporal run id. What the run names (child runs, releases) is named from it.
   */
  public static String uniqueRun(String workflowId, String runId) {
    String run = runId.replace("-", "").toLowerCase(Locale.ROOT);
    return workflowId + "-" + run.substring(0, Math.min(8, run.length()));
  }

  /** The workflow id and run-id prefix an {@link #incident} id is made of. */
  public record IncidentRun(String workflowId, String runPrefix) {}

  /** The parts of an {@link #incident} id; empty for anything else, e.g. a plain workflow id. */
  public static Optional<IncidentRun> incidentRun(String incidentId) {
    Matcher m = INCIDENT.matcher(incidentId);
    return m.matches() ? Optional.of(new IncidentRun(m.group(1), m.group(2))) : Optional.empty();
  }

  private static final Pattern INCIDENT =
      Pattern.compile("(" + Pattern.quote(RunbookKind.INCIDENT.prefix()) + ".+)-([0-9a-f]{8})");

  /** Ids are shown in URLs and the Temporal UI: keep them to a plain alphabet. */
  static String safe(String part) {
    String cleaned = part.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
    if (cleaned.isEmpty() || cleaned.equals("-")) {
      throw new IllegalArgumentException(
          "an id part must hold letters or digits: \"" + part + "\"");
    }
    return cleaned;
  }
}
