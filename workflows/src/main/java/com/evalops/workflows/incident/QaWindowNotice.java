package com.evalops.workflows.incident;

import com.evalops.workflows.approval.Actor;

/**
 * A daily QA run named as the incident's manual-QA window. Incidents opened with computed evidence
 * read the run back themselves ({@link QaWindowActivities}) and ignore the counts; older incidents
 * take the counts, which the engine filled from the run's report.
 *
 * @param dailyQaRunId the daily QA workflow id; null only in histories recorded before it existed
 */
public record QaWindowNotice(
    Actor actor, String sampleId, int labeledTickets, int safetyViolations, String dailyQaRunId) {

  public QaWindowNotice(Actor actor, String sampleId, int labeledTickets, int safetyViolations) {
    this(actor, sampleId, labeledTickets, safetyViolations, null);
  }
}
