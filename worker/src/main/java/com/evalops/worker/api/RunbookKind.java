package com.evalops.worker.api;

import com.evalops.workflows.approval.RequestState;
import com.evalops.workflows.approval.VoteRequest;
import io.temporal.client.WorkflowClient;
import java.util.Arrays;
import java.util.Optional;

/** The runbook a workflow id belongs to, told by the prefix {@code WorkflowIds} gives it. */
public enum RunbookKind {
  /** Its vote answers with the runbook's outcome word. */
  EVALUATION("evaluation-", String.class),
  /** Votes on the baseline review: Support Ops and on-call accept a PASS as the new baseline. */
  WEEKLY("weekly-regression-", RequestState.class),
  DAILY("daily-qa-", null),
  MONTHLY("monthly-calibration-", RequestState.class),
  INCIDENT("regression-", RequestState.class);

  /** The update every runbook with approvals takes votes by. */
  static final String VOTE_UPDATE = "vote";

  private final String prefix;
  private final Class<?> voteAnswer;

  RunbookKind(String prefix, Class<?> voteAnswer) {
    this.prefix = prefix;
    this.voteAnswer = voteAnswer;
  }

  /** Whether its approval requests take votes through the shared {@code vote} update. */
  public boolean takesVotes() {
    return voteAnswer != null;
  }

  /**
   * Sends a vote to a runbook of this kind as the shared {@code vote} update, so a channel needs no
   * per-runbook method: the runbook's validator decides whether the vote counts.
   */
  public Object vote(WorkflowClient client, String workflowId, VoteRequest vote) {
    if (!takesVotes()) {
      throw ApiException.notFound(workflowId + " has no approvals");
    }
    return client.newUntypedWorkflowStub(workflowId).update(VOTE_UPDATE, voteAnswer, vote);
  }

  public static Optional<RunbookKind> of(String workflowId) {
    return Arrays.stream(values()).filter(k -> workflowId.startsWith(k.prefix)).findFirst();
  }

  public static RunbookKind require(String workflowId) {
    return of(workflowId)
        .orElseThrow(
            () ->
                ApiException.notFound(
                    "\""
                        + workflowId
                        + "\" is not a runbook id (evaluation-, weekly-regression-, daily-qa-,"
                        + " monthly-calibration- or regression-)"));
  }
}
