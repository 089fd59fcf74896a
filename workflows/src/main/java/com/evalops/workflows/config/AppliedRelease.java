package com.evalops.workflows.config;

/**
 * What became of an approved change.
 *
 * @param version the version now current, when {@link Status#APPLIED}
 * @param rebased the change re-prepared on the config now in force, when {@link Status#REAPPROVE}
 *     or {@link Status#REEVALUATE}: its base, diff, classes and (for REEVALUATE) the stored rebased
 *     candidate to evaluate
 * @param reason why it was not applied as approved; empty when applied
 */
public record AppliedRelease(
    Status status, String version, PreparedRelease rebased, String reason) {
  public enum Status {
    /** Current now, in order after every change that landed before it. */
    APPLIED,
    /** The config in force moved; the rebased candidate must be evaluated again before applying. */
    REEVALUATE,
    /** The config in force moved in a way the approvers must see (conflict or class change). */
    REAPPROVE,
    /**
     * Cannot be applied (digest mismatch, no longer valid); the runbook returns to its proposal.
     */
    REFUSED
  }

  public AppliedRelease {
    reason = reason == null ? "" : reason;
  }
}
