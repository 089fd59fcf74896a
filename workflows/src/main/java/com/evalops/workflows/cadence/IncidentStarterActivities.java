package com.evalops.workflows.cadence;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Opens a regression incident for a scope, or joins the one already open there: repeated alarms for
 * one scope must not start a second incident (runbooks spec, seed §3).
 */
@ActivityInterface
public interface IncidentStarterActivities {

  /**
   * @return the incident's workflow id
   */
  @ActivityMethod(name = "OpenIncident")
  String openIncident(OpenIncidentRequest request);
}
