package com.evalops.workflows.cadence;

import com.evalops.workflows.approval.LabelingProgress;
import com.evalops.workflows.approval.SubmitLabelRequest;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;

/**
 * The update name daily QA took labels by before every runbook shared {@link
 * com.evalops.workflows.approval.HumanSteps#submitLabel}. Registered only so that runs which
 * recorded it replay; no channel sends it.
 */
@WorkflowInterface
public interface DailyQaReviewBefore {
  @UpdateMethod(name = "submitReview")
  LabelingProgress submitReview(SubmitLabelRequest review);

  @UpdateValidatorMethod(updateName = "submitReview")
  void validateReview(SubmitLabelRequest review);
}
