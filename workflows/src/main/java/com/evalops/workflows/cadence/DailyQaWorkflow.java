package com.evalops.workflows.cadence;

import com.evalops.workflows.approval.LabelingProgress;
import com.evalops.workflows.approval.RefusalNotice;
import com.evalops.workflows.approval.SubmitLabelRequest;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Seed §1 daily: a stratified sample of one business day into the labeling queue; reviewers answer
 * correct team? correct template? any safety violation?; the day closes with QA notes, incidents
 * for safety violations and golden set candidates.
 */
@WorkflowInterface
public interface DailyQaWorkflow {
  @WorkflowMethod(name = "DailyQaSampling")
  DailyQaReport run(DailyQaRequest request);

  /** A reviewer's answers for one sampled ticket. */
  @UpdateMethod
  LabelingProgress submitReview(SubmitLabelRequest review);

  /** Refuses a review for a ticket outside the sample, by a non-labeler, late or repeated. */
  @UpdateValidatorMethod(updateName = "submitReview")
  void validateReview(SubmitLabelRequest review);

  /** The client reports a review the validator refused, so auditors see the attempt. */
  @SignalMethod
  void recordRefusal(RefusalNotice refused);

  @QueryMethod
  DailyQaState state();
}
