package com.evalops.workflows.audit;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the Temporal UI shows beside a runbook, for audit: what the run does or waits for now, a
 * memo of its scope and outcome by reference, and a one-line summary on each important activity
 * call and child run. Kinds, ids, versions, verdicts, counts and scopes only: never ticket text,
 * names or emails, since the memo and the summaries stay in the history as long as the run.
 */
public final class RunbookAudit {
  private RunbookAudit() {}

  /** What the run does or waits for now; the UI shows it as the run's current details. */
  public static void step(String details) {
    Workflow.setCurrentDetails(details);
  }

  /**
   * Adds fields to the memo, given as key, value, key, value…; a null value is left out. Sorted:
   * the history must not depend on a map's iteration order.
   */
  public static void memo(String... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("memo fields come in key, value pairs");
    }
    Map<String, Object> fields = new TreeMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] != null) {
        fields.put(keysAndValues[i], keysAndValues[i + 1]);
      }
    }
    if (!fields.isEmpty()) {
      Workflow.upsertMemo(fields);
    }
  }

  /**
   * An activity stub whose calls carry {@code summary}. A summary belongs to the options, so a call
   * that says what it does for this run gets a stub of its own.
   */
  public static <T> T activities(Class<T> type, ActivityOptions options, String summary) {
    return Workflow.newActivityStub(type, options.toBuilder().setSummary(summary).build());
  }

  /** A child run under {@code workflowId}, with {@code summary} saying what it runs. */
  public static ChildWorkflowOptions child(String workflowId, String summary) {
    return ChildWorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setStaticSummary(summary)
        .build();
  }
}
