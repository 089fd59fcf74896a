package com.evalops.activities.regression;

import static com.evalops.activities.regression.DemoIncident.ANA;
import static com.evalops.activities.regression.DemoIncident.LEAD_1;
import static com.evalops.activities.regression.DemoIncident.LEAD_2;
import static com.evalops.activities.regression.DemoIncident.LI;
import static com.evalops.activities.regression.DemoIncident.MO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.activities.ledger.ChangeEntry;
import com.evalops.activities.ledger.DecisionEntry;
import com.evalops.activities.notify.LoggingNotifierActivities;
import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.release.ConfigOperation;
import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.approval.RefusalNotice;
import com.evalops.workflows.approval.VoteRequest;
import com.evalops.workflows.audit.RunbookSearchAttributes;
import com.evalops.workflows.regression.AlarmNotice;
import com.evalops.workflows.regression.EvaluationNotice;
import com.evalops.workflows.regression.ExitReadiness;
import com.evalops.workflows.regression.IncidentReport;
import com.evalops.workflows.regression.IncidentStarter;
import com.evalops.workflows.regression.MitigationProposal;
import com.evalops.workflows.regression.ProposalReceipt;
import com.evalops.workflows.regression.QaWindowNotice;
import com.evalops.workflows.regression.RegressionIncidentWorkflow;
import com.evalops.workflows.regression.RegressionIncidentWorkflowImpl;
import com.evalops.workflows.regression.SafeModeExitRequest;
import com.evalops.workflows.runbook.DatasetSelection;
import com.evalops.workflows.runbook.EvaluationOutcome;
import com.evalops.workflows.runbook.EvaluationRunbookWorkflow;
import com.evalops.workflows.runbook.EvaluationRunbookWorkflowImpl;
import com.evalops.workflows.runbook.EvaluationSettings;
import com.evalops.workflows.runbook.StartEvaluationRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.SearchAttributeKey;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A billing regression on the demo data with every real activity: safe mode on at once, the
 * simulated labelers label the problem tickets, the evaluation runbooks score the sample and golden
 * set v2, leadership approves disabling a template, on-call's early exit request is refused until
 * two golden evaluations pass under the config in force and QA is clean, then the approved exit
 * turns safe mode off. The config store, the Change Log and the Decision Log show each step.
 */
class RegressionIncidentEndToEndTest {
  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(
              RegressionIncidentWorkflowImpl.class, EvaluationRunbookWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  private static final String ID = WorkflowIds.regression(DemoIncident.SCOPE);

  @TempDir Path data;

  @Test
  void givenBillingAlarmWithHarm_whenRunbookRunsToTheEnd_thenConfigsAndLogsShowEveryStep(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    for (SearchAttributeKey<?> key : RunbookSearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), key.getValueType());
    }
    DemoIncident demo = new DemoIncident(data);
    worker.registerActivitiesImplementations(
        demo.incidents(),
        demo.releases(),
        demo.evaluations(),
        demo.decisions(),
        new LoggingNotifierActivities());
    env.start();

    IncidentStarter.startOrJoin(
        client,
        worker.getTaskQueue(),
        demo.request(true),
        new AlarmNotice(DemoIncident.SCOPE, "quality-drop", "webhook", "macro F1 0.81 < 0.88"));
    RegressionIncidentWorkflow incident =
        client.newWorkflowStub(RegressionIncidentWorkflow.class, ID);
    awaitStep(incident, "labeling");
    String safeVersion = incident.state().configVersion();
    // The incident's own id (workflow id and run-id prefix) names its hold, runs and releases.
    String own = incident.state().incidentId();
    assertTrue(own.startsWith(ID + "-"), own);
    assertEquals(
        Set.of(own),
        demo.configs.current().safeModeScopes().get("billing"),
        "held before labeling");
    assertFalse(demo.configs.current().safeMode(), "only billing is route-only");
    assertEquals(safeVersion, demo.configs.current().configVersion());

    List<String> tickets = incident.state().labeling().sample().ticketIds();
    assertEquals(20, tickets.size());
    for (int i = 0; i < tickets.size(); i++) {
      incident.submitLabel(demo.simulatedLabel(tickets.get(i), i % 2 == 0 ? LI : MO));
    }
    awaitStep(incident, "mitigation_proposal");
    assertEquals(
        List.of("sample", "golden"),
        incident.state().evaluations().stream().map(e -> e.dataset()).toList());

    ProposalReceipt mitigation =
        incident.proposeMitigation(
            MitigationProposal.typed(
                ANA,
                "disable fee_schedule_v1 until its copy is reviewed",
                List.of(ConfigOperation.disableTemplate("fee_schedule_v1"))));
    assertTrue(mitigation.material());
    incident.vote(new VoteRequest(mitigation.requestId(), LEAD_1, true, "ok", "lead-1-m"));
    incident.vote(new VoteRequest(mitigation.requestId(), LEAD_2, true, "ok", "lead-2-m"));
    awaitStep(incident, "safe_mode_exit");
    String mitigated = incident.state().configVersion();

    SafeModeExitRequest exit = new SafeModeExitRequest(ANA, "billing looks normal again");
    WorkflowUpdateException early =
        assertThrows(WorkflowUpdateException.class, () -> incident.requestSafeModeExit(exit));
    String reason = String.valueOf(early.getCause().getMessage());
    assertTrue(reason.contains("metrics not stable: 0 of 2"), reason);
    incident.recordRefusal(new RefusalNotice(ANA, "requestSafeModeExit", "", reason));

    ExitReadiness readiness = null;
    for (String runId : List.of("billing-recheck-1", "billing-recheck-2")) {
      EvaluationOutcome outcome = evaluateGolden(client, worker, runId, mitigated);
      assertEquals("PASS", outcome.verdict(), runId);
      readiness =
          incident.recordEvaluation(
              new EvaluationNotice(
                  ANA, runId, mitigated, outcome.verdict(), outcome.artifactLocation()));
    }
    assertEquals(2, readiness.consecutivePasses());
    readiness = incident.recordQaWindow(new QaWindowNotice(LI, "daily-qa-2025-12-22", 30, 0));
    assertEquals(List.of(), readiness.unmetConditions());
    ProposalReceipt granted = incident.requestSafeModeExit(exit);
    incident.vote(new VoteRequest(granted.requestId(), LEAD_1, true, "agreed", "lead-1-x"));
    incident.vote(new VoteRequest(granted.requestId(), LEAD_2, true, "agreed", "lead-2-x"));
    IncidentReport report = WorkflowStub.fromTyped(incident).getResult(IncidentReport.class);

    assertTrue(report.safeModeEntered());
    assertFalse(report.safeModeOn());
    assertEquals(4, report.configVersions().size(), report.configVersions().toString());
    assertEquals(List.of("v12", safeVersion, mitigated), report.configVersions().subList(0, 3));
    String off = report.configVersions().get(3);
    RouterConfig current = demo.configs.current();
    assertEquals(off, current.configVersion());
    assertFalse(current.anySafeMode());
    assertFalse(current.templateEnabled("fee_schedule_v1"));
    assertEquals(
        List.of("templates.fee_schedule_v1: enabled -> disabled"),
        demo.configs.diff("v12", off).stream().map(c -> c.describe()).toList());

    List<ChangeEntry> changes = demo.changeLog.list().stream().map(e -> e.content()).toList();
    assertEquals(
        List.of(own + "/safe-mode-hold", own + "/mitigation-1", own + "/safe-mode-exit-1"),
        changes.stream().map(ChangeEntry::entryId).toList());
    assertEquals(List.of("lead-1", "lead-2"), changes.get(1).approvedBy());
    assertTrue(demo.changeLog.verify().intact());

    List<DecisionEntry> decisions = demo.decisionLog.list().stream().map(e -> e.content()).toList();
    assertEquals(
        List.of(
            own + "-sample",
            own + "-golden",
            "billing-recheck-1",
            "billing-recheck-2",
            own + "-gate-1",
            own),
        decisions.stream().map(DecisionEntry::runId).toList());
    DecisionEntry closing = decisions.get(decisions.size() - 1);
    assertEquals(off, closing.appliedConfigVersion());
    assertTrue(
        closing.actors().stream().anyMatch(a -> a.actor().equals("lead-2")),
        closing.actors().toString());
    assertTrue(demo.decisionLog.verify().intact());
    for (String run : List.of(own + "-sample", own + "-golden", "billing-recheck-1")) {
      assertTrue(demo.artifacts.exists(run), run + " has no artifacts");
    }
  }

  /** A golden-set evaluation after the incident's own, as on-call starts it with the CLI. */
  private static EvaluationOutcome evaluateGolden(
      WorkflowClient client, Worker worker, String runId, String configVersion) {
    EvaluationRunbookWorkflow run =
        client.newWorkflowStub(
            EvaluationRunbookWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.evaluation(runId))
                .setTaskQueue(worker.getTaskQueue())
                .build());
    return run.run(
        new StartEvaluationRequest(
            runId,
            "evaluation",
            DatasetSelection.golden("v2"),
            configVersion,
            null,
            ANA.id(),
            false,
            EvaluationSettings.defaults().reportOnly()));
  }

  static void awaitStep(RegressionIncidentWorkflow incident, String step) {
    long giveUp = System.currentTimeMillis() + 30_000;
    String seen = null;
    while (System.currentTimeMillis() < giveUp) {
      seen = incident.state().step();
      if (seen.equals(step)) {
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("incident still at step " + seen + ", expected " + step);
  }
}
