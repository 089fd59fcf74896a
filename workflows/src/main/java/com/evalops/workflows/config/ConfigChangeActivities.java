package com.evalops.workflows.config;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Applies approved changes to the versioned router config, with a Change Log entry each. */
@ActivityInterface
public interface ConfigChangeActivities {

  /**
   * @return the new config version
   */
  @ActivityMethod(name = "ApplyConfigChange")
  String apply(ConfigChangeRequest request);
}
