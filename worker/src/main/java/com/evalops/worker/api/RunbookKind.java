package com.evalops.worker.api;

import com.evalops.workflows.approval.RequestState;
import com.evalops.workflows.approval.VoteRequest;
import io.temporal.client.WorkflowClient;
import java.util.Arrays;
import java.util.Optional;

/** The runbook a workflow id belongs to, told by the prefix {@code WorkflowIds} gives it. */
public enum RunbookKind {
  EVALUATION("evaluation-", true),
  /** Votes on the baseline review: Support Ops and on-call accept a PASS as the new baseline. */
  WEEKLY("weekly-regression-", true),
  DAILY("daily-qa-", false),
  MONTHLY("monthly-calibration-", true),
  INCIDENT("regression-", true),
  /** Leadership's release of an orphaned safe-mode hold. */
  SAFE_MODE_RELEASE("safe-mode-release-", true);

  /** The update every runbook with approvals takes votes by. */
  static final String VOTE_UPDATE = "vote";

  private final String prefix;
  private final boolean takesVotes;

  RunbookKind(String prefix, boolean takesVotes) {
    this.prefix = prefix;
    this.takesVotes = takesVotes;
  }

  /** Whether its approval requests take votes through the shared {@code vote} update. */
  public boolean takesVotes() {
    return takesVotes;
  }

  /**
   * Sends a vote to a runbook of this kind as the shared {@code vote} update, answered by the
   * request's state, so a channel needs no per-runbook method: the runbook's validator decides
   * whether the vote counts.
   */
  public RequestState vote(WorkflowClient client, String workflowId, VoteRequest vote) {
    if (!takesVotes) {
      throw ApiException.notFound(workflowId + " has no approvals");
    }
    return client.newUntypedWorkflowStub(workflowId).update(VOTE_UPDATE, RequestState.class, vote);
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
                        + " monthly-calibration-, regression- or safe-mode-release-)"));
  }
}
