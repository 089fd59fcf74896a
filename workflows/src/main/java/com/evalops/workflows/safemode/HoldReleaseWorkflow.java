package com.evalops.workflows.safemode;

import com.evalops.workflows.approval.RefusalNotice;
import com.evalops.workflows.approval.RequestState;
import com.evalops.workflows.approval.VoteRequest;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Releases an orphaned safe-mode hold (config-releases.md §5): only when Temporal says its holder
 * ended without releasing, through the shared config-release step (leadership's approval bound to
 * the digest, the release gate, compare-and-set). A live hold is refused: only its own runbook's
 * approved exit releases it.
 */
@WorkflowInterface
public interface HoldReleaseWorkflow {

  @WorkflowMethod(name = "SafeModeHoldRelease")
  HoldReleaseReport run(HoldReleaseRequest request);

  /** Leadership's vote, by the update every runbook shares. */
  @UpdateMethod
  RequestState vote(VoteRequest vote);

  @UpdateValidatorMethod(updateName = "vote")
  void validateVote(VoteRequest vote);

  @SignalMethod
  void recordRefusal(RefusalNotice notice);

  @QueryMethod
  HoldReleaseState state();
}
