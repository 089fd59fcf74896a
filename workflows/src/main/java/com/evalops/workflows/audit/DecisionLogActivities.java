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

  /**
   * The run a decision most recently accepted as the baseline of a golden-set version: the one
   * owner of "which run is the baseline".
   *
   * @return its run id, or null when no run of that version was accepted yet
   */
  @ActivityMethod(name = "AcceptedBaseline")
  String acceptedBaseline(String goldenVersion);
}
