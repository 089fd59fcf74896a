package com.evalops.workflows.safemode;

import com.evalops.workflows.approval.HumanSteps;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Releases an orphaned safe-mode hold (config-releases.md §5): only when Temporal says its holder
 * ended without releasing, through the shared config-release step (leadership's approval bound to
 * the digest, the release gate, compare-and-set). A live hold is refused: only its own runbook's
 * approved exit releases it.
 */
@WorkflowInterface
public interface HoldReleaseWorkflow extends HumanSteps {

  @WorkflowMethod(name = "SafeModeHoldRelease")
  HoldReleaseReport run(HoldReleaseRequest request);

  @QueryMethod
  HoldReleaseState state();
}
