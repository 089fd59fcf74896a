package com.evalops.workflows.config;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Asks Temporal whether a safe-mode hold's holder still runs. */
@ActivityInterface
public interface SafeModeHoldActivities {

  /** The hold of {@code holder} on {@code scope}, judged now; never fails for an unknown holder. */
  @ActivityMethod(name = "JudgeSafeModeHold")
  HoldState judgeHold(String scope, String holder);
}
