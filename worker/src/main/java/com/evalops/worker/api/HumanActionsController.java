package com.evalops.worker.api;

import static com.evalops.worker.api.ApiBodies.required;

import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.LabelingState;
import com.evalops.workflows.approval.Permission;
import com.evalops.workflows.approval.RequestState;
import com.evalops.workflows.approval.SubmitLabelRequest;
import com.evalops.workflows.cadence.DailyQaState;
import com.evalops.workflows.cadence.DailyQaWorkflow;
import com.evalops.workflows.incident.IncidentState;
import com.evalops.workflows.incident.RegressionIncidentWorkflow;
import com.evalops.workflows.runbook.DecideRequest;
import com.evalops.workflows.runbook.EvaluationRunbookWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Labels, on-call decisions and approval votes on a running runbook. Each goes to the workflow as
 * its update, so the workflow's validators are the only judge of who may do what, when.
 */
@RestController
@RequestMapping("/api/runs/{workflowId}")
public class HumanActionsController {
  private final WorkflowClient client;
  private final HumanActions actions;
  private final SampleTickets samples;

  public HumanActionsController(
      WorkflowClient client, HumanActions actions, SampleTickets samples) {
    this.client = client;
    this.actions = actions;
    this.samples = samples;
  }

  /** The labeling queue: the sampled tickets (sanitized), which are labeled, and the deadline. */
  @GetMapping("/labeling")
  Map<String, Object> labeling(HttpServletRequest http, @PathVariable String workflowId) {
    RunbookKind kind = RunbookKind.require(workflowId);
    actions.authorize(http, workflowId, Permission.READ_LABELING_QUEUE);
    LabelingState labeling;
    String sampleRef;
    try {
      if (kind == RunbookKind.INCIDENT) {
        IncidentState state =
            client.newWorkflowStub(RegressionIncidentWorkflow.class, workflowId).state();
        labeling = state.labeling();
        sampleRef = labeling == null ? null : samples.incidentSample(labeling.sample().sampleId());
      } else if (kind == RunbookKind.DAILY) {
        DailyQaState state = client.newWorkflowStub(DailyQaWorkflow.class, workflowId).state();
        labeling = state.labeling();
        sampleRef = state.sample() == null ? null : state.sample().ref();
      } else {
        throw ApiException.notFound(workflowId + " has no labeling queue");
      }
    } catch (WorkflowNotFoundException e) {
      throw ApiException.notFound("no runbook " + workflowId);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("workflowId", workflowId);
    if (labeling == null) {
      body.put("open", false);
      body.put("tickets", List.of());
      return body;
    }
    Set<String> labeled =
        labeling.labels().stream().map(l -> l.submitted().ticketId()).collect(Collectors.toSet());
    body.put("open", labeling.closedAt() == null);
    body.put("sampleId", labeling.sample().sampleId());
    body.put("deadline", labeling.sample().deadline().toString());
    body.put("progress", labeling.progress());
    body.put(
        "remaining",
        labeling.sample().ticketIds().stream().filter(id -> !labeled.contains(id)).toList());
    body.put("tickets", samples.tickets(sampleRef, labeling.sample().ticketIds(), labeled));
    return body;
  }

  @PostMapping("/labels")
  Object label(
      HttpServletRequest http, @PathVariable String workflowId, @RequestBody ApiBodies.Label body) {
    RunbookKind kind = RunbookKind.require(workflowId);
    Actor actor = actions.authorize(http, workflowId, Permission.LABEL);
    SubmitLabelRequest label =
        new SubmitLabelRequest(
            required(body.ticketId(), "ticketId"),
            actor,
            required(body.correctTeam(), "correctTeam"),
            required(body.correctTemplate(), "correctTemplate"),
            Boolean.TRUE.equals(body.safetyViolation()),
            body.goldIntent(),
            body.goldTeam(),
            body.goldTier(),
            body.goldTemplate(),
            body.note());
    return switch (kind) {
      case INCIDENT ->
          actions.update(
              actor,
              workflowId,
              "submitLabel",
              label.ticketId(),
              () ->
                  client
                      .newWorkflowStub(RegressionIncidentWorkflow.class, workflowId)
                      .submitLabel(label));
      case DAILY ->
          actions.update(
              actor,
              workflowId,
              "submitLabel",
              label.ticketId(),
              () -> client.newWorkflowStub(DailyQaWorkflow.class, workflowId).submitLabel(label));
      default -> throw ApiException.notFound(workflowId + " takes no labels");
    };
  }

  /** On-call's choice after an evaluation verdict other than PASS. */
  @PostMapping("/decision")
  Map<String, Object> decide(
      HttpServletRequest http,
      @PathVariable String workflowId,
      @RequestBody ApiBodies.Decide body) {
    if (RunbookKind.require(workflowId) != RunbookKind.EVALUATION) {
      throw ApiException.notFound(
          workflowId
              + " takes no decision; an incident's mitigation is proposed at"
              + " /api/incidents/{scope}/mitigation");
    }
    Actor actor = actions.authorize(http, workflowId, Permission.DECIDE);
    DecideRequest request =
        new DecideRequest(
            actor,
            required(body.action(), "action"),
            body.comment(),
            body.threshold(),
            body.template(),
            body.rollbackTo(),
            body.intent());
    String result =
        actions.update(
            actor,
            workflowId,
            "decide",
            request.action(),
            () ->
                client
                    .newWorkflowStub(EvaluationRunbookWorkflow.class, workflowId)
                    .decide(request));
    return Map.of("workflowId", workflowId, "result", result);
  }

  /**
   * An approver's vote on a pending request; the workflow decides whether it counts. Answers the
   * request's state (its {@code outcome}, votes, evidence), whichever runbook holds it.
   */
  @PostMapping("/votes")
  RequestState vote(
      HttpServletRequest http, @PathVariable String workflowId, @RequestBody ApiBodies.Vote body) {
    RunbookKind.require(workflowId);
    // Support Ops (labelers) review the weekly run; the runbook's policy decides where they count.
    Actor actor = actions.authorize(http, workflowId, Permission.VOTE);
    return actions.vote(actor, workflowId, body.toRequest(actor, UUID.randomUUID().toString()));
  }
}
