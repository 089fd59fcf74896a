package com.evalops.activities.incident;

import static com.evalops.activities.incident.DemoIncident.ANA;
import static com.evalops.activities.incident.DemoIncident.LEAD_1;
import static com.evalops.activities.incident.DemoIncident.LEAD_2;
import static com.evalops.activities.incident.DemoIncident.LI;
import static com.evalops.activities.incident.DemoIncident.MO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.activities.cadence.DailyQaActivitiesImpl;
import com.evalops.activities.cadence.DailyQaFiles;
import com.evalops.activities.notify.LoggingNotifierActivities;
import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.release.ConfigOperation;
import com.evalops.stores.ledger.ChangeEntry;
import com.evalops.stores.ledger.DecisionEntry;
import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.approval.RefusalNotice;
import com.evalops.workflows.approval.SubmitLabelRequest;
import com.evalops.workflows.approval.VoteRequest;
import com.evalops.workflows.audit.RunbookSearchAttributes;
import com.evalops.workflows.cadence.DailyQaReport;
import com.evalops.workflows.cadence.DailyQaRequest;
import com.evalops.workflows.cadence.DailyQaSettings;
import com.evalops.workflows.cadence.DailyQaState;
import com.evalops.workflows.cadence.DailyQaWorkflow;
import com.evalops.workflows.cadence.DailyQaWorkflowImpl;
import com.evalops.workflows.incident.AlarmNotice;
import com.evalops.workflows.incident.ExitReadiness;
import com.evalops.workflows.incident.IncidentReport;
import com.evalops.workflows.incident.IncidentStarter;
import com.evalops.workflows.incident.IncidentState;
import com.evalops.workflows.incident.MitigationProposal;
import com.evalops.workflows.incident.ProductionRecheck;
import com.evalops.workflows.incident.ProposalReceipt;
import com.evalops.workflows.incident.QaWindowNotice;
import com.evalops.workflows.incident.RegressionIncidentWorkflow;
import com.evalops.workflows.incident.RegressionIncidentWorkflowImpl;
import com.evalops.workflows.incident.SafeModeExitRequest;
import com.evalops.workflows.runbook.EvaluationRunbookWorkflowImpl;
import com.evalops.workflows.testing.Await;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.SearchAttributeKey;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A billing regression on the demo data with every real activity: safe mode on at once, the
 * simulated labelers label the problem tickets, the evaluation runbooks score the sample and golden
 * set v2, leadership approves disabling a template, on-call's early exit request is refused until
 * the incident's own rechecks (the golden set under the config in force, two fresh labeled
 * production samples) pass and a fully reviewed daily QA run is read back clean, then the approved
 * exit turns safe mode off. The config store, the Change Log and the Decision Log show each step.
 */
class RegressionIncidentEndToEndTest {
  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(
              RegressionIncidentWorkflowImpl.class,
              EvaluationRunbookWorkflowImpl.class,
              DailyQaWorkflowImpl.class)
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
        new DailyQaActivitiesImpl(
            new DailyQaFiles(DemoIncident.DEMO.resolve("routing-log.jsonl"), data.resolve("qa"))),
        new QaWindowActivitiesImpl(client),
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
    awaitRecheckLabeling(incident, own + "-1");
    String mitigated = incident.state().configVersion();

    SafeModeExitRequest exit = new SafeModeExitRequest(ANA, "billing looks normal again");
    WorkflowUpdateException early =
        assertThrows(WorkflowUpdateException.class, () -> incident.requestSafeModeExit(exit));
    String reason = String.valueOf(early.getCause().getMessage());
    assertTrue(reason.contains("metrics not stable: 0 of 2 consecutive passing rechecks"), reason);
    incident.recordRefusal(new RefusalNotice(ANA, "requestSafeModeExit", "", reason));

    // The incident draws fresh billing tickets twice; the labelers label them like any sample.
    List<String> seen = new ArrayList<>(tickets);
    for (int round = 1; round <= 2; round++) {
      awaitRecheckLabeling(incident, own + "-" + round);
      List<String> fresh = incident.state().labeling().sample().ticketIds();
      assertTrue(fresh.stream().noneMatch(seen::contains), "recheck " + round + " reuses tickets");
      seen.addAll(fresh);
      for (String ticket : fresh) {
        incident.submitLabel(demo.simulatedLabel(ticket, LI));
      }
    }
    IncidentState gathered = awaitRechecks(incident, 2);
    assertEquals(
        List.of("PASS", "PASS"),
        gathered.rechecks().stream().map(ProductionRecheck::verdict).toList());

    // Manual QA: a daily QA run after the mitigation, every ticket reviewed, read back by the
    // incident from Temporal, not from the counts of a client.
    String day = "2025-12-19";
    DailyQaWorkflow daily =
        client.newWorkflowStub(
            DailyQaWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.dailyQa(day))
                .setTaskQueue(worker.getTaskQueue())
                .build());
    WorkflowClient.start(
        daily::run, new DailyQaRequest(day, 20, 20251219L, "schedule", DailyQaSettings.defaults()));
    DailyQaState qa = awaitDailyLabeling(daily);
    for (String ticket : qa.sample().ticketIds()) {
      daily.submitLabel(
          new SubmitLabelRequest(ticket, MO, true, true, false, null, null, null, null, null));
    }
    DailyQaReport qaReport = WorkflowStub.fromTyped(daily).getResult(DailyQaReport.class);
    assertEquals(20, qaReport.teamCorrect());
    ExitReadiness readiness =
        incident.recordQaWindow(new QaWindowNotice(MO, null, 0, 0, WorkflowIds.dailyQa(day)));
    assertEquals(List.of(), readiness.unmetConditions());
    assertEquals(20, incident.state().qaWindow().reviewed());
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
            own + "-recheck-golden-1",
            own + "-recheck-1",
            own + "-recheck-2",
            qaReport.sampleId(),
            own + "-gate-1",
            own),
        decisions.stream().map(DecisionEntry::runId).toList());
    DecisionEntry closing = decisions.get(decisions.size() - 1);
    assertEquals(off, closing.appliedConfigVersion());
    assertTrue(
        closing.actors().stream().anyMatch(a -> a.actor().equals("lead-2")),
        closing.actors().toString());
    assertTrue(demo.decisionLog.verify().intact());
    for (String run : List.of(own + "-sample", own + "-golden", own + "-recheck-1")) {
      assertTrue(demo.artifacts.exists(run), run + " has no artifacts");
    }
  }

  private static void awaitRecheckLabeling(RegressionIncidentWorkflow incident, String sample) {
    awaitState(
        incident,
        st ->
            "recheck".equals(st.step())
                && st.labeling().sample().sampleId().equals("recheck-" + sample)
                && st.labeling().closedAt() == null);
  }

  private static IncidentState awaitRechecks(RegressionIncidentWorkflow incident, int count) {
    return awaitState(
        incident, st -> "safe_mode_exit".equals(st.step()) && st.rechecks().size() == count);
  }

  private static DailyQaState awaitDailyLabeling(DailyQaWorkflow daily) {
    return Await.until(
        "daily QA's labeling", daily::state, state -> "labeling".equals(state.step()));
  }

  private static IncidentState awaitState(
      RegressionIncidentWorkflow incident, Predicate<IncidentState> reached) {
    return Await.until("the incident's expected state", incident::state, reached);
  }

  static void awaitStep(RegressionIncidentWorkflow incident, String step) {
    Await.until("step " + step, incident::state, state -> step.equals(state.step()));
  }
}
