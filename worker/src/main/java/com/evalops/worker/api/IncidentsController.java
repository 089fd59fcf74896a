package com.evalops.worker.api;

import static com.evalops.worker.api.ApiBodies.required;

import com.evalops.harness.release.ConfigChange;
import com.evalops.harness.release.ConfigOperation;
import com.evalops.stores.config.RouterConfigStore;
import com.evalops.stores.ledger.DecisionEntry;
import com.evalops.stores.ledger.Ledger;
import com.evalops.worker.config.EvalopsProperties;
import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.Permission;
import com.evalops.workflows.cadence.DailyQaReport;
import com.evalops.workflows.incident.EvaluationNotice;
import com.evalops.workflows.incident.ExitReadiness;
import com.evalops.workflows.incident.IncidentState;
import com.evalops.workflows.incident.MitigationProposal;
import com.evalops.workflows.incident.ProposalReceipt;
import com.evalops.workflows.incident.QaWindowNotice;
import com.evalops.workflows.incident.RecheckRequest;
import com.evalops.workflows.incident.RegressionIncidentWorkflow;
import com.evalops.workflows.incident.SafeModeExitRequest;
import com.evalops.workflows.runbook.DatasetSelection;
import com.evalops.workflows.runbook.EvaluationOutcome;
import com.evalops.workflows.runbook.EvaluationRunbookWorkflow;
import com.evalops.workflows.runbook.EvaluationSettings;
import com.evalops.workflows.runbook.StartEvaluationRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The production-regression runbook: open, propose a mitigation, evidence, safe-mode exit. */
@RestController
@RequestMapping("/api/incidents")
public class IncidentsController {
  /** How long a request waits for an incident's golden evaluation before answering 503. */
  static final long EVALUATION_WAIT_MINUTES = 10;

  private final WorkflowClient client;
  private final EvalopsProperties props;
  private final HumanActions actions;
  private final IncidentOpener opener;
  private final Ledger<DecisionEntry> decisionLog;
  private final RouterConfigStore configs;

  public IncidentsController(
      WorkflowClient client,
      EvalopsProperties props,
      HumanActions actions,
      IncidentOpener opener,
      Ledger<DecisionEntry> decisionLog,
      RouterConfigStore configs) {
    this.decisionLog = decisionLog;
    this.configs = configs;
    this.client = client;
    this.props = props;
    this.actions = actions;
    this.opener = opener;
  }

  @PostMapping
  ResponseEntity<Map<String, Object>> open(
      HttpServletRequest http, @RequestBody ApiBodies.StartIncident body) {
    Actor actor = actions.authorize(http, null, Permission.OPEN_INCIDENT);
    int tickets =
        RequestRules.INCIDENT_TICKETS.check(
            "tickets", body.tickets(), IncidentOpener.DEFAULT_TICKETS);
    int windowDays =
        RequestRules.INCIDENT_WINDOW_DAYS.check(
            "windowDays", body.windowDays(), IncidentOpener.DEFAULT_WINDOW_DAYS);
    return ResponseEntity.accepted()
        .body(
            opener.openOrJoin(
                required(body.scope(), "scope"),
                required(body.alarm(), "alarm"),
                Boolean.TRUE.equals(body.harm()),
                actor,
                tickets,
                windowDays,
                actor.channel(),
                body.detail()));
  }

  @PostMapping("/{scope}/mitigation")
  ProposalReceipt proposeMitigation(
      HttpServletRequest http, @PathVariable String scope, @RequestBody ApiBodies.Mitigation body) {
    String id = WorkflowIds.regression(scope);
    Actor actor = actions.authorize(http, id, Permission.PROPOSE_MITIGATION);
    MitigationProposal proposal;
    if (body.operations() != null) {
      if (body.operations().isEmpty()) {
        throw ApiException.badRequest("operations", "a mitigation needs at least one operation");
      }
      List<ConfigOperation> operations = new ArrayList<>();
      for (int i = 0; i < body.operations().size(); i++) {
        ApiBodies.Operation o = body.operations().get(i);
        if (o == null || o.op() == null || !ConfigOperation.OPS.contains(o.op())) {
          throw ApiException.badRequest(
              "operations[" + i + "].op",
              "operations[" + i + "].op must be one of " + ConfigOperation.OPS);
        }
        operations.add(new ConfigOperation(o.op(), o.target(), o.value(), o.holder()));
      }
      String comment = body.comment() != null ? body.comment() : body.details();
      proposal = MitigationProposal.typed(actor, comment, operations);
    } else {
      proposal =
          new MitigationProposal(
              actor,
              required(body.kind(), "operations"),
              body.details(),
              body.intents(),
              body.templates(),
              body.rollbackTarget());
    }
    MitigationProposal proposed = proposal;
    return actions.update(
        actor,
        id,
        "proposeMitigation",
        proposal.operations().isEmpty()
            ? proposal.kind()
            : new ConfigChange(null, proposal.operations()).describe(),
        () -> incident(id).proposeMitigation(proposed));
  }

  @PostMapping("/{scope}/safe-mode/exit")
  ProposalReceipt requestSafeModeExit(
      HttpServletRequest http,
      @PathVariable String scope,
      @RequestBody(required = false) ApiBodies.SafeModeExit body) {
    String id = WorkflowIds.regression(scope);
    Actor actor = actions.authorize(http, id, Permission.REQUEST_SAFE_MODE_EXIT);
    SafeModeExitRequest exit = new SafeModeExitRequest(actor, body == null ? "" : body.comment());
    return actions.update(
        actor, id, "requestSafeModeExit", "", () -> incident(id).requestSafeModeExit(exit));
  }

  /**
   * Asks the incident for one more recheck of fresh production tickets of its scope: it draws the
   * sample, asks labelers, scores it and counts it as exit evidence itself.
   */
  @PostMapping("/{scope}/rechecks")
  ExitReadiness requestRecheck(
      HttpServletRequest http,
      @PathVariable String scope,
      @RequestBody(required = false) ApiBodies.Recheck body) {
    String id = WorkflowIds.regression(scope);
    Actor actor = actions.authorize(http, id, Permission.REQUEST_RECHECK);
    RecheckRequest recheck = new RecheckRequest(actor, body == null ? "" : body.comment());
    return actions.update(
        actor, id, "requestRecheck", "", () -> incident(id).requestRecheck(recheck));
  }

  /**
   * Evidence for safe-mode exit. An incident that computes its own evidence takes this as a request
   * for one more recheck; an incident opened before records a golden-set evaluation under the
   * config in force (without a {@code runId}, one is run here and this request waits for its
   * verdict).
   */
  @PostMapping("/{scope}/evaluations")
  ExitReadiness recordEvaluation(
      HttpServletRequest http,
      @PathVariable String scope,
      @RequestBody(required = false) ApiBodies.IncidentEvaluation body) {
    String id = WorkflowIds.regression(scope);
    Actor actor = actions.authorize(http, id, Permission.RECORD_EVALUATION);
    IncidentState state;
    try {
      state = incident(id).state();
    } catch (WorkflowNotFoundException e) {
      throw ApiException.notFound("no incident for scope " + scope);
    }
    if (state.computedEvidence()) {
      if (body != null && body.runId() != null) {
        throw ApiException.badRequest(
            "runId",
            "incident "
                + state.incidentId()
                + " computes its own exit evidence: a run named by a client is not evidence;"
                + " POST /api/incidents/"
                + scope
                + "/rechecks asks it for one more recheck");
      }
      RecheckRequest recheck = new RecheckRequest(actor, "");
      return actions.update(
          actor, id, "requestRecheck", "", () -> incident(id).requestRecheck(recheck));
    }
    // The config customers get now: other incidents move it too, and evidence under an older
    // version says nothing about it.
    String configVersion = configs.current().configVersion();
    // Named after the incident's workflow id, not the scope, which may be '*'.
    String runId =
        body != null && body.runId() != null
            ? RequestRules.id("runId", body.runId())
            : RunsController.newRunId(id + "-recheck");
    EvaluationOutcome outcome;
    if (body != null && body.runId() != null) {
      outcome = finishedEvaluation(runId);
      requireGoldenUnder(runId, configVersion);
    } else {
      outcome = evaluateGolden(runId, configVersion, actor);
    }
    EvaluationNotice notice =
        new EvaluationNotice(
            actor, runId, configVersion, outcome.verdict(), outcome.artifactLocation());
    return actions.update(
        actor, id, "recordEvaluation", runId, () -> incident(id).recordEvaluation(notice));
  }

  /**
   * Evidence for safe-mode exit: a closed daily QA run, named by its workflow id. The incident
   * reads the run back from Temporal itself; counts or a sample id typed by a client are refused.
   */
  @PostMapping("/{scope}/qa-windows")
  ExitReadiness recordQaWindow(
      HttpServletRequest http, @PathVariable String scope, @RequestBody ApiBodies.QaWindow body) {
    String id = WorkflowIds.regression(scope);
    Actor actor = actions.authorize(http, id, Permission.NAME_QA_WINDOW);
    refuseTyped("sampleId", body.sampleId());
    refuseTyped("labeledTickets", body.labeledTickets());
    refuseTyped("safetyViolations", body.safetyViolations());
    String dailyQaRunId = required(body.dailyQaRunId(), "dailyQaRunId");
    DailyQaReport report = dailyReport(dailyQaRunId);
    // Incidents opened before computed evidence take these counts, read here from the run's own
    // result; newer ones read the run back themselves and ignore them.
    QaWindowNotice notice =
        new QaWindowNotice(
            actor,
            report.sampleId(),
            report.labeledTickets(),
            report.safetyViolations().size(),
            dailyQaRunId);
    return actions.update(
        actor, id, "recordQaWindow", notice.sampleId(), () -> incident(id).recordQaWindow(notice));
  }

  private EvaluationOutcome evaluateGolden(String runId, String configVersion, Actor actor) {
    String workflowId = WorkflowIds.evaluation(runId);
    EvaluationRunbookWorkflow run =
        client.newWorkflowStub(
            EvaluationRunbookWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(props.taskQueue())
                .build());
    StartEvaluationRequest request =
        new StartEvaluationRequest(
            runId,
            "evaluation",
            DatasetSelection.golden(props.goldenVersion()),
            configVersion,
            null,
            actor.id(),
            false,
            EvaluationSettings.defaults().reportOnly());
    WorkflowClient.start(run::run, request);
    return waitFor(workflowId);
  }

  /**
   * A finished run counts as exit evidence only when its Decision Log entry says it scored the
   * current golden set under the config the incident has in force: an old PASS, another config or a
   * sample run must not make metrics look stable.
   */
  private void requireGoldenUnder(String runId, String configVersion) {
    DecisionEntry entry =
        decisionLog.read(d -> d.runId().equals(runId)).stream()
            .reduce((first, last) -> last)
            .map(e -> e.content())
            .orElseThrow(
                () -> ApiException.badRequest("runId", "no Decision Log entry for run " + runId));
    if (!configVersion.equals(entry.configVersion())
        || !props.goldenVersion().equals(entry.datasetVersion())) {
      throw ApiException.badRequest(
          "runId",
          "run "
              + runId
              + " scored "
              + entry.datasetVersion()
              + " under config "
              + entry.configVersion()
              + "; exit evidence must score golden set "
              + props.goldenVersion()
              + " under the config in force, "
              + configVersion);
    }
  }

  private EvaluationOutcome finishedEvaluation(String runId) {
    return waitFor(WorkflowIds.evaluation(runId));
  }

  private EvaluationOutcome waitFor(String workflowId) {
    try {
      return client
          .newUntypedWorkflowStub(workflowId)
          .getResult(EVALUATION_WAIT_MINUTES, TimeUnit.MINUTES, EvaluationOutcome.class);
    } catch (TimeoutException e) {
      throw new ApiException(
          503, workflowId + " has not finished; record it later with its runId", null);
    } catch (WorkflowNotFoundException e) {
      throw ApiException.badRequest("runId", "no evaluation " + workflowId);
    } catch (WorkflowFailedException e) {
      throw ApiException.badRequest("runId", workflowId + " failed: " + e.getCause().getMessage());
    }
  }

  /** A count or sample id in the request is testimony: refused, naming the field. */
  private static void refuseTyped(String field, Object value) {
    if (value != null) {
      throw ApiException.badRequest(
          field,
          field
              + ": counts or a sample id typed by a client are not evidence; name the closed"
              + " daily QA run (dailyQaRunId) and the incident reads it back");
    }
  }

  private DailyQaReport dailyReport(String workflowId) {
    try {
      return client
          .newUntypedWorkflowStub(workflowId)
          .getResult(1, TimeUnit.SECONDS, DailyQaReport.class);
    } catch (TimeoutException e) {
      throw ApiException.badRequest("dailyQaRunId", workflowId + " is still open");
    } catch (WorkflowNotFoundException e) {
      throw ApiException.badRequest("dailyQaRunId", "no daily QA run " + workflowId);
    }
  }

  private RegressionIncidentWorkflow incident(String workflowId) {
    return client.newWorkflowStub(RegressionIncidentWorkflow.class, workflowId);
  }
}
