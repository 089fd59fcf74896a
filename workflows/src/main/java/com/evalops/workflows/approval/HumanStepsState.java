package com.evalops.workflows.approval;

/**
 * The human side of a runbook, the same shape for every runbook.
 *
 * @param waitingFor whom or what the runbook waits for now (a decision, votes, labels), null when
 *     it waits for nobody
 * @param takesVotes whether this runbook ever asks for votes
 * @param approvals its approval book, null while nothing was asked (or when it takes no votes)
 * @param takesLabels whether this runbook ever asks for labels
 * @param labeling its labeling book, null before the sample is drawn (or when it takes no labels)
 * @param sampleRef where the sanitized text of the labeling sample is, null when unknown to the
 *     workflow
 */
public record HumanStepsState(
    String waitingFor,
    boolean takesVotes,
    ApprovalState approvals,
    boolean takesLabels,
    LabelingState labeling,
    String sampleRef) {

  /** A runbook that asks for votes only. */
  public static HumanStepsState votes(String waitingFor, ApprovalState approvals) {
    return new HumanStepsState(waitingFor, true, approvals, false, null, null);
  }
}
