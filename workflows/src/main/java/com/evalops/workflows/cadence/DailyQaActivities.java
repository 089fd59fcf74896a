package com.evalops.workflows.cadence;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The file side of daily QA: drawing the sample from the routing log and writing the notes. */
@ActivityInterface
public interface DailyQaActivities {

  /**
   * Draws the stratified sample and writes its entries, sanitized, where the labeling queue reads
   * them. Same day and seed give the same sample and the same file, so a retry is harmless.
   *
   * @throws io.temporal.failure.ApplicationFailure non-retryable {@code INVALID_INPUT} for a
   *     weekend day, a malformed day or a sample size outside 20–50; {@code NOT_FOUND} for a day
   *     without entries
   */
  @ActivityMethod(name = "DrawDailySample")
  QaSample drawSample(SampleQuery query);

  /** Writes the day's QA notes (markdown, sanitized) and returns their URI. */
  @ActivityMethod(name = "WriteQaNotes")
  String writeQaNotes(QaNotesRequest notes);
}
