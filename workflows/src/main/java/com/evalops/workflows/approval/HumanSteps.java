package com.evalops.workflows.approval;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;

/**
 * The human steps every runbook shares: one vote update, one label update, one refusal record and
 * one view of what people are asked. Every runbook's workflow interface extends it, so a channel
 * (API, console, Slack, command line) reaches any runbook through a stub of this interface and
 * never needs to know which runbook it is.
 *
 * <p>A runbook that asks for no votes, or takes no labels, refuses them in the validator with the
 * reason; a channel can tell beforehand from {@link #humanSteps()}.
 */
public interface HumanSteps {
  /** An approver's vote on one pending request, answered by that request's state. */
  @UpdateMethod
  RequestState vote(VoteRequest vote);

  @UpdateValidatorMethod(updateName = "vote")
  void validateVote(VoteRequest vote);

  /** A labeler's label on one sampled ticket, answered by the labeling progress. */
  @UpdateMethod
  LabelingProgress submitLabel(SubmitLabelRequest label);

  @UpdateValidatorMethod(updateName = "submitLabel")
  void validateSubmitLabel(SubmitLabelRequest label);

  /**
   * An attempt a validator (or a channel's role check) refused, sent back by the channel so that
   * auditors see it in the run's history; it changes nothing else, hence a signal.
   */
  @SignalMethod
  void recordRefusal(RefusalNotice refusal);

  /** What people are asked now: the approval book and the labeling book, either may be absent. */
  @QueryMethod
  HumanStepsState humanSteps();
}
