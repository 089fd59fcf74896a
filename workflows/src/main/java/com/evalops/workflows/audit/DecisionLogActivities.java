package com.evalops.workflows.audit;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The append-only Decision Log. */
@ActivityInterface
public interface DecisionLogActivities {

  /**
   * Appends the decision, or finds it when its entry id is already there (a retry).
   *
   * @return the entry's sequence number in the log
   */
  @ActivityMethod(name = "RecordDecision")
  long recordDecision(DecisionRecord decision);
}
