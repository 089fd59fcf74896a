package com.evalops.workflows.cadence;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Reads the config in force, the current golden set and the last accepted baseline. */
@ActivityInterface
public interface ProductionInputsActivities {
  @ActivityMethod(name = "ProductionInputs")
  ProductionInputs productionInputs();
}
