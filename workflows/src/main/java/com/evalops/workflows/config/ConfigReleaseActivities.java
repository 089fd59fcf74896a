package com.evalops.workflows.config;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The config store's side of a release (config-releases.md), shared by every runbook that changes
 * the router config. Business outcomes (invalid, moved, digest mismatch) are returned, never
 * thrown: a release that cannot be applied sends the runbook back to its proposal step with the
 * reason instead of failing it. Only transient storage errors are thrown (and retried).
 */
@ActivityInterface
public interface ConfigReleaseActivities {

  /**
   * Validates the change against the taxonomy and the config in force, with its base set to the
   * version in force; computes its diff, digest, materiality and release gate; stores the candidate
   * as a version (not current) when it must be evaluated. Idempotent per release id and digest.
   */
  @ActivityMethod(name = "PrepareConfigRelease")
  PreparedRelease prepare(PrepareReleaseRequest request);

  /**
   * Makes the approved change current by compare-and-set, rebasing it when another change landed
   * first (§1). Idempotent per release id: a retry finishes the first attempt.
   */
  @ActivityMethod(name = "ApplyConfigRelease")
  AppliedRelease apply(ApplyReleaseRequest request);

  /**
   * The version in force now: a runbook judges its evidence against it, since other runbooks move
   * the config too.
   */
  @ActivityMethod(name = "ConfigInForce")
  String inForce();
}
