package com.evalops.workflows.incident;

import java.time.Instant;

/**
 * A daily QA run as the engine read it back from Temporal: the run's own result and start time, so
 * nothing in it is a number a client typed (config-releases.md §6).
 *
 * @param dailyQaRunId the daily QA workflow id
 * @param openedAt when the daily QA run started: the window opens then
 * @param sampleSize tickets drawn
 * @param reviewed tickets with at least one review
 * @param safetyViolations tickets a reviewer flagged
 * @param teamCorrect reviewed tickets every reviewer found routed to the right team
 * @param templateCorrect reviewed tickets every reviewer found answered with the right template
 */
public record QaWindowEvidence(
    String dailyQaRunId,
    String sampleId,
    Instant openedAt,
    int sampleSize,
    int reviewed,
    int safetyViolations,
    int teamCorrect,
    int templateCorrect) {

  public boolean fullyReviewed() {
    return sampleSize > 0 && reviewed == sampleSize;
  }

  public double teamCorrectness() {
    return reviewed == 0 ? 0 : (double) teamCorrect / reviewed;
  }

  public double templateCorrectness() {
    return reviewed == 0 ? 0 : (double) templateCorrect / reviewed;
  }
}
