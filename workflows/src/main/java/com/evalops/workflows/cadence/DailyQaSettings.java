package com.evalops.workflows.cadence;

import com.evalops.workflows.approval.LabelingQuorum;
import java.time.Duration;

/**
 * How long the daily QA labeling waits and how much of it is enough.
 *
 * @param labelingDeadline from the moment the sample is in the queue until the runbook proceeds
 *     with whatever was labeled
 * @param quorum labeling that lets the runbook proceed, early when reached before the deadline
 * @param reminderInterval how often labelers are reminded while the quorum is not reached
 */
public record DailyQaSettings(
    Duration labelingDeadline, LabelingQuorum quorum, Duration reminderInterval) {
  /** One working day: labelers review the morning's sample before the end of their shift. */
  public static final Duration DEFAULT_LABELING_DEADLINE = Duration.ofHours(8);

  /** Most of the sample: enough to catch obvious failures, which is the daily goal (seed §1). */
  public static final LabelingQuorum DEFAULT_QUORUM = new LabelingQuorum(80, 0);

  /** Two reminders before the default deadline, not a stream of pings. */
  public static final Duration DEFAULT_REMINDER_INTERVAL = Duration.ofHours(3);

  public DailyQaSettings {
    labelingDeadline = labelingDeadline == null ? DEFAULT_LABELING_DEADLINE : labelingDeadline;
    quorum = quorum == null ? DEFAULT_QUORUM : quorum;
    reminderInterval = reminderInterval == null ? DEFAULT_REMINDER_INTERVAL : reminderInterval;
  }

  public static DailyQaSettings defaults() {
    return new DailyQaSettings(null, null, null);
  }
}
