package com.evalops.worker.web;

import com.evalops.worker.api.ApiException;
import com.evalops.worker.api.HumanActions;
import com.evalops.worker.api.RunbookKind;
import com.evalops.worker.api.SampleTickets;
import com.evalops.worker.auth.ApiIdentity;
import com.evalops.worker.metrics.OpenRunbooks;
import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.ApprovalState;
import com.evalops.workflows.approval.LabelingState;
import com.evalops.workflows.approval.Permission;
import com.evalops.workflows.approval.RequestState;
import com.evalops.workflows.approval.SubmitLabelRequest;
import com.evalops.workflows.approval.VoteRequest;
import com.evalops.workflows.cadence.ChangeProposal;
import com.evalops.workflows.cadence.DailyQaState;
import com.evalops.workflows.cadence.DailyQaWorkflow;
import com.evalops.workflows.cadence.MonthlyCalibrationWorkflow;
import com.evalops.workflows.cadence.WeeklyRegressionWorkflow;
import com.evalops.workflows.incident.RegressionIncidentWorkflow;
import com.evalops.workflows.runbook.EvaluationRunbookWorkflow;
import com.evalops.workflows.safemode.HoldReleaseWorkflow;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The console's view of the runbooks: their {@code state()} queries, and the two human actions it
 * offers (a label, a vote) sent through {@link HumanActions}, the API's own path: the same role
 * check, the same workflow updates and validators, the same refusal records — with channel {@code
 * web}.
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

  /** The {@code state()} query of any runbook. */
  Object state(String workflowId) {
    return switch (RunbookKind.require(workflowId)) {
      case EVALUATION ->
          client.newWorkflowStub(EvaluationRunbookWorkflow.class, workflowId).state();
      case WEEKLY -> client.newWorkflowStub(WeeklyRegressionWorkflow.class, workflowId).state();
      case DAILY -> client.newWorkflowStub(DailyQaWorkflow.class, workflowId).state();
      case MONTHLY -> client.newWorkflowStub(MonthlyCalibrationWorkflow.class, workflowId).state();
      case INCIDENT -> incident(workflowId).state();
      case SAFE_MODE_RELEASE ->
          client.newWorkflowStub(HoldReleaseWorkflow.class, workflowId).state();
    };
  }

  /** The labeling book of an incident or daily QA run; null before its sample is drawn. */
  LabelingState labeling(String workflowId) {
    return switch (RunbookKind.require(workflowId)) {
      case INCIDENT -> incident(workflowId).state().labeling();
      case DAILY -> client.newWorkflowStub(DailyQaWorkflow.class, workflowId).state().labeling();
      default -> throw ApiException.notFound(workflowId + " has no labeling queue");
    };
  }

  /** Where the sanitized tickets of a runbook's labeling sample are. */
  String sampleRef(String workflowId, LabelingState labeling, SampleTickets samples) {
    if (RunbookKind.require(workflowId) == RunbookKind.DAILY) {
      DailyQaState state = client.newWorkflowStub(DailyQaWorkflow.class, workflowId).state();
      return state.sample() == null ? null : state.sample().ref();
    }
    return samples.incidentSample(labeling.sample().sampleId());
  }

  /** The approval book of a runbook that has one, else null. */
  ApprovalState approvals(String workflowId) {
    return switch (RunbookKind.require(workflowId)) {
      case EVALUATION ->
          client.newWorkflowStub(EvaluationRunbookWorkflow.class, workflowId).state().approvals();
      case INCIDENT -> incident(workflowId).state().approvals();
      case MONTHLY ->
          client.newWorkflowStub(MonthlyCalibrationWorkflow.class, workflowId).state().approval();
      case WEEKLY ->
          client.newWorkflowStub(WeeklyRegressionWorkflow.class, workflowId).state().review();
      case SAFE_MODE_RELEASE ->
          client.newWorkflowStub(HoldReleaseWorkflow.class, workflowId).state().approvals();
      default -> null;
    };
  }

  /** A monthly calibration's change proposal, null before it is made. */
  ChangeProposal calibrationProposal(String workflowId) {
    return client.newWorkflowStub(MonthlyCalibrationWorkflow.class, workflowId).state().proposal();
  }

  /** Open runbooks that take labels now (their queue is open), in id order. */
  List<String> labelingOpen() {
    List<String> ids = new ArrayList<>();
    for (String id : openIds()) {
      RunbookKind kind = RunbookKind.of(id).orElse(null);
      if (kind == RunbookKind.INCIDENT || kind == RunbookKind.DAILY) {
        try {
          LabelingState labeling = labeling(id);
          if (labeling != null && labeling.closedAt() == null) {
            ids.add(id);
          }
        } catch (WorkflowNotFoundException e) {
          // closed meanwhile
        }
      }
    }
    return ids;
  }

  /** A label, as the API's {@code POST /api/runs/{id}/labels} sends it. */
  Object label(ApiIdentity who, String workflowId, LabelForm form) {
    RunbookKind kind = RunbookKind.require(workflowId);
    String action = kind == RunbookKind.DAILY ? "submitLabel" : "submitLabel";
    actions.requireRole(who, ConsoleSession.CHANNEL, action, workflowId, Permission.LABEL);
    Actor actor = who.actor(ConsoleSession.CHANNEL);
    SubmitLabelRequest label = form.toRequest(actor);
    return switch (kind) {
      case INCIDENT ->
          actions.update(
              actor,
              workflowId,
              action,
              label.ticketId(),
              () -> incident(workflowId).submitLabel(label));
      case DAILY ->
          actions.update(
              actor,
              workflowId,
              action,
              label.ticketId(),
              () -> client.newWorkflowStub(DailyQaWorkflow.class, workflowId).submitLabel(label));
      default -> throw ApiException.notFound(workflowId + " takes no labels");
    };
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
    RunbookKind.require(workflowId);
    actions.requireRole(who, ConsoleSession.CHANNEL, "vote", workflowId, Permission.VOTE);
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

  private RegressionIncidentWorkflow incident(String workflowId) {
    return client.newWorkflowStub(RegressionIncidentWorkflow.class, workflowId);
  }
}
