package com.evalops.worker.api;

import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.VoteRequest;
import io.temporal.client.WorkflowClient;

/**
 * A vote on a pending approval of any runbook that takes votes (evaluation, weekly review, monthly,
 * incident), as that runbook's shared {@code vote} update: the one way the API, the console and
 * Slack vote. A validator's refusal becomes a 409 and is recorded, as for every human action.
 */
public class Votes {
  private final WorkflowClient client;
  private final HumanActions actions;

  public Votes(WorkflowClient client, HumanActions actions) {
    this.client = client;
    this.actions = actions;
  }

  /**
   * @return the runbook's answer: the request's state, or for the evaluation runbook its outcome
   *     word
   */
  public Object vote(Actor actor, String workflowId, VoteRequest vote) {
    RunbookKind kind = RunbookKind.require(workflowId);
    return actions.update(
        actor, workflowId, "vote", vote.requestId(), () -> kind.vote(client, workflowId, vote));
  }
}
