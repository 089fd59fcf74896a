package com.evalops.worker.api;

import static com.evalops.worker.api.ApiBodies.required;

import com.evalops.workflows.RunbookKind;
import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.HumanStepsState;
import com.evalops.workflows.approval.LabelingProgress;
import com.evalops.workflows.approval.LabelingState;
import com.evalops.workflows.approval.Permission;
import com.evalops.workflows.approval.RequestState;
import com.evalops.workflows.approval.SubmitLabelRequest;
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

  public HumanActionsController(WorkflowClient client, HumanActions actions) {
    this.client = client;
    this.actions = actions;
  }

  /** The labeling queue: the sampled tickets (sanitized), which are labeled, and the deadline. */
  @GetMapping("/labeling")
  Map<String, Object> labeling(HttpServletRequest http, @PathVariable String workflowId) {
    HumanActions.runbook(workflowId);
    actions.authorize(http, workflowId, Permission.READ_LABELING_QUEUE);
    HumanStepsState steps;
    try {
      steps = actions.humanSteps(workflowId);
    } catch (WorkflowNotFoundException e) {
      throw ApiException.notFound("no runbook " + workflowId);
    }
    if (!steps.takesLabels()) {
      throw ApiException.notFound(workflowId + " has no labeling queue");
    }
    LabelingState labeling = steps.labeling();
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
    body.put(
        "tickets",
        SampleTickets.tickets(steps.sampleRef(), labeling.sample().ticketIds(), labeled));
    return body;
  }

  @PostMapping("/labels")
  LabelingProgress label(
      HttpServletRequest http, @PathVariable String workflowId, @RequestBody ApiBodies.Label body) {
    HumanActions.runbook(workflowId);
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
    return actions.label(actor, workflowId, label);
  }

  /** On-call's choice after an evaluation verdict other than PASS. */
  @PostMapping("/decision")
  Map<String, Object> decide(
      HttpServletRequest http,
      @PathVariable String workflowId,
      @RequestBody ApiBodies.Decide body) {
    if (HumanActions.runbook(workflowId) != RunbookKind.EVALUATION) {
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
    HumanActions.runbook(workflowId);
    // Support Ops (labelers) review the weekly run; the runbook's policy decides where they count.
    Actor actor = actions.authorize(http, workflowId, Permission.VOTE);
    return actions.vote(actor, workflowId, body.toRequest(actor, UUID.randomUUID().toString()));
  }
}
