package com.evalops.workflows.incident;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The side effects of the regression runbook: config store, ticket store, labeled samples. */
@ActivityInterface
public interface IncidentActivities {

  /**
   * Turns safe mode on or off; idempotent per incident and direction.
   *
   * @return the router-config version now in force
   */
  @ActivityMethod(name = "SetSafeMode")
  String setSafeMode(SafeModeChange change);

  /** Samples recent problem tickets and stores them; returns references only. */
  @ActivityMethod(name = "PullProblemTickets")
  ProblemSample pullProblemTickets(ProblemTicketQuery query);

  /**
   * Samples recent production tickets of the scope for a recheck, leaving out the tickets of the
   * incident's earlier samples, and stores them; returns references only.
   *
   * @throws io.temporal.failure.ApplicationFailure non-retryable {@code NOT_FOUND} when no fresh
   *     ticket of the scope is left
   */
  @ActivityMethod(name = "PullRecheckSample")
  ProblemSample pullRecheckSample(RecheckSampleQuery query);

  /**
   * Writes the labeled sample where the harness reads labeled data.
   *
   * @return its reference, for {@code DatasetSelection.sample(ref)}
   */
  @ActivityMethod(name = "WriteLabeledSample")
  String writeLabeledSample(LabeledSampleRequest request);

  /**
   * Applies an approved mitigation; idempotent per request id.
   *
   * @return the new router-config version
   */
  @ActivityMethod(name = "ApplyMitigation")
  String applyMitigation(MitigationChange change);
}
