package com.evalops.worker.web;

import com.evalops.worker.api.ApiException;
import com.evalops.worker.api.HumanActions;
import com.evalops.worker.auth.ApiIdentity;
import com.evalops.worker.metrics.OpenRunbooks;
import com.evalops.workflows.RunbookKind;
import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.HumanStepsState;
import com.evalops.workflows.approval.LabelingProgress;
import com.evalops.workflows.approval.LabelingState;
import com.evalops.workflows.approval.Permission;
import com.evalops.workflows.approval.RequestState;
import com.evalops.workflows.approval.SubmitLabelRequest;
import com.evalops.workflows.approval.VoteRequest;
import com.evalops.workflows.cadence.ChangeProposal;
import com.evalops.workflows.cadence.MonthlyCalibrationWorkflow;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The console's view of the runbooks: their {@code state()} and {@code humanSteps()} queries, and
 * the two human actions it offers (a label, a vote) sent through {@link HumanActions}, the API's
 * own path: the same role check, the same workflow updates and validators, the same refusal records
 * — with channel {@code web}.
 */
@Component
public class Runbooks {
  private final WorkflowClient client;
  private final HumanActions actions;
  private final OpenRunbooks open;

  public Runbooks(WorkflowClient client, HumanActions actions, OpenRunbooks open) {
    this.client = client;
    this.actions = actions;
    this.open = open;
  }

  /** The open runbooks this engine can see (a cluster's visibility, or those it started). */
  List<String> openIds() {
    return open.workflowIds();
  }

  /** The runbook's execution status, or empty when this Temporal server does not know it. */
  Optional<String> status(String workflowId) {
    try {
      WorkflowExecutionStatus status =
          client.newUntypedWorkflowStub(workflowId).describe().getStatus();
      return Optional.of(status.name().replace("WORKFLOW_EXECUTION_STATUS_", ""));
    } catch (WorkflowNotFoundException e) {
      return Optional.empty();
    }
  }

  /** The {@code state()} query of any runbook, typed as that runbook answers it. */
  Object state(String workflowId) {
    RunbookKind kind = HumanActions.runbook(workflowId);
    return client
        .newUntypedWorkflowStub(workflowId)
        .query(RunbookKind.STATE_QUERY, kind.stateType());
  }

  /** What any runbook asks of people now: its approval and labeling books. */
  HumanStepsState humanSteps(String workflowId) {
    HumanActions.runbook(workflowId);
    return actions.humanSteps(workflowId);
  }

  /**
   * The human steps of a runbook that takes labels (its labeling book is null before its sample is
   * drawn); 404 for one that takes none.
   */
  HumanStepsState labeling(String workflowId) {
    HumanStepsState steps = humanSteps(workflowId);
    if (!steps.takesLabels()) {
      throw ApiException.notFound(workflowId + " has no labeling queue");
    }
    return steps;
  }

  /** A monthly calibration's change proposal, null before it is made. */
  ChangeProposal calibrationProposal(String workflowId) {
    return client.newWorkflowStub(MonthlyCalibrationWorkflow.class, workflowId).state().proposal();
  }

  /** The open labeling books of open runbooks (their queue takes labels now), in id order. */
  Map<String, LabelingState> labelingOpen() {
    Map<String, LabelingState> queues = new LinkedHashMap<>();
    for (String id : openIds()) {
      try {
        LabelingState labeling = humanSteps(id).labeling();
        if (labeling != null && labeling.closedAt() == null) {
          queues.put(id, labeling);
        }
      } catch (WorkflowNotFoundException e) {
        // closed meanwhile
      }
    }
    return queues;
  }

  /** A label, as the API's {@code POST /api/runs/{id}/labels} sends it. */
  LabelingProgress label(ApiIdentity who, String workflowId, LabelForm form) {
    HumanActions.runbook(workflowId);
    actions.requireRole(
        who, ConsoleSession.CHANNEL, Permission.LABEL.action(), workflowId, Permission.LABEL);
    Actor actor = who.actor(ConsoleSession.CHANNEL);
    SubmitLabelRequest label = form.toRequest(actor);
    return actions.label(actor, workflowId, label);
  }

  /**
   * A vote, as the API's {@code POST /api/runs/{id}/votes} sends it: bound to the digest of the
   * change shown (empty when none was) and acknowledging the verdict the voter ticked (empty when
   * none).
   */
  RequestState vote(
      ApiIdentity who,
      String workflowId,
      String requestId,
      boolean approve,
      String comment,
      String idempotencyKey,
      String changeDigest,
      String acknowledgedVerdict) {
    HumanActions.runbook(workflowId);
    actions.requireRole(
        who, ConsoleSession.CHANNEL, Permission.VOTE.action(), workflowId, Permission.VOTE);
    Actor actor = who.actor(ConsoleSession.CHANNEL);
    VoteRequest vote =
        new VoteRequest(
            requestId, actor, approve, comment, idempotencyKey, changeDigest, acknowledgedVerdict);
    return actions.vote(actor, workflowId, vote);
  }

  /** Refuses (403, recorded) a caller with none of {@code roles} to open a page. */
  void requirePage(ApiIdentity who, String page, Permission permission) {
    actions.requireRole(
        who, ConsoleSession.CHANNEL, "open the " + page + " page", null, permission);
  }
}
