package com.evalops.workflows.config;

import com.evalops.harness.release.ChangeProblem;
import com.evalops.harness.release.ConfigChange;
import com.evalops.harness.release.FieldChange;
import com.evalops.harness.release.ReleaseRules;
import java.util.List;

/**
 * A change checked against the config in force: what approvers vote on.
 *
 * @param change the operations with their base, the version in force when prepared
 * @param digest SHA-256 of the canonical operations: the approval binds to it
 * @param diff before → after of every key the change touches, against its base
 * @param materialReasons why leadership must approve; empty when one on-call approver suffices
 * @param gate whether a golden evaluation of the candidate must pass before it becomes current
 * @param candidateVersion the stored candidate version to evaluate; null for {@link
 *     ReleaseRules.Gate#IMMEDIATE}
 * @param problems why the change cannot be proposed; empty when it may be put to a vote
 */
public record PreparedRelease(
    String releaseId,
    ConfigChange change,
    String digest,
    List<FieldChange> diff,
    List<String> materialReasons,
    ReleaseRules.Gate gate,
    String candidateVersion,
    List<ChangeProblem> problems) {
  public PreparedRelease {
    diff = diff == null ? List.of() : List.copyOf(diff);
    materialReasons = materialReasons == null ? List.of() : List.copyOf(materialReasons);
    problems = problems == null ? List.of() : List.copyOf(problems);
  }

  public boolean valid() {
    return problems.isEmpty();
  }

  public boolean material() {
    return !materialReasons.isEmpty();
  }

  /** The diff as lines people read, e.g. {@code templates.fee_schedule_v1: enabled -> disabled}. */
  public List<String> diffLines() {
    return diff.stream().map(FieldChange::describe).toList();
  }
}
