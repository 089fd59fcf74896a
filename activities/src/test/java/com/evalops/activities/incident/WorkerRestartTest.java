package com.evalops.activities.incident;

import static com.evalops.activities.incident.DemoIncident.ANA;
import static com.evalops.activities.incident.DemoIncident.BEN;
import static com.evalops.activities.incident.DemoIncident.LI;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.activities.notify.LoggingNotifierActivities;
import com.evalops.harness.release.ConfigOperation;
import com.evalops.stores.ledger.DecisionEntry;
import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.approval.VoteRequest;
import com.evalops.workflows.audit.RunbookSearchAttributes;
import com.evalops.workflows.incident.AlarmNotice;
import com.evalops.workflows.incident.IncidentReport;
import com.evalops.workflows.incident.IncidentStarter;
import com.evalops.workflows.incident.MitigationProposal;
import com.evalops.workflows.incident.ProposalReceipt;
import com.evalops.workflows.incident.RegressionIncidentWorkflow;
import com.evalops.workflows.incident.RegressionIncidentWorkflowImpl;
import com.evalops.workflows.runbook.EvaluationRunbookWorkflowImpl;
import com.evalops.workflows.testing.Await;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributeKey;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker stops while the incident waits for labelers; a new worker on the same test server,
 * with new activity instances, carries it to the end, and no step runs twice. Real time, not time
 * skipping: nothing may move the labeling deadline while no worker is running.
 */
class WorkerRestartTest {
  private static final String TASK_QUEUE = "evalops-restart";
  private static final String ID = WorkflowIds.regression(DemoIncident.SCOPE);
  private static final Set<EventType> ACTIVITY_CLOSED =
      Set.of(
          EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
          EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED,
          EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT,
          EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED);

  @TempDir Path data;
  private TestWorkflowEnvironment env;
  private final List<String> calls = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    for (SearchAttributeKey<?> key : RunbookSearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), key.getValueType());
    }
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  // A workflow task stranded where no worker polls would otherwise hang the build.
  @Timeout(60)
  void
      givenWorkerStoppedWhileLabelersWork_whenNewWorkerTakesOver_thenIncidentEndsAndNoStepRunsTwice()
          throws InterruptedException, TimeoutException {
    DemoIncident demo = new DemoIncident(data);
    // The test server keeps sending a workflow's tasks to the sticky queue of the worker that last
    // completed one: it has no sticky schedule-to-start timeout, and its ShutdownWorker and
    // ResetStickyTaskQueue do nothing. A stopped worker's sticky queue would then hold the next
    // task forever. A zero timeout makes the first worker ask for no sticky queue at all, so every
    // task of this incident goes to the shared queue the second worker polls.
    WorkerFactory first =
        startWorker(
            "first",
            demo,
            WorkerOptions.newBuilder().setStickyQueueScheduleToStartTimeout(Duration.ZERO).build());
    WorkflowClient client = env.getWorkflowClient();
    IncidentStarter.startOrJoin(
        client,
        TASK_QUEUE,
        demo.request(false),
        new AlarmNotice(DemoIncident.SCOPE, "quality-drop", "cli", "override rate 9% > 5%"));
    RegressionIncidentWorkflow incident =
        client.newWorkflowStub(RegressionIncidentWorkflow.class, ID);
    RegressionIncidentEndToEndTest.awaitStep(incident, "labeling");
    // The labelers' notification must have run before the stop, or shutdownNow would interrupt
    // it and the second worker would send it again.
    awaitIdle(client, ID);
    List<String> tickets = incident.state().labeling().sample().ticketIds();
    String own = incident.state().incidentId();

    first.shutdownNow();
    first.awaitTermination(10, TimeUnit.SECONDS);
    assertTrue(first.isTerminated(), "the first worker is still running");
    int beforeRestart = calls.size();
    WorkerFactory second =
        startWorker("second", new DemoIncident(data), WorkerOptions.getDefaultInstance());
    try {
      for (String ticket : tickets) {
        incident.submitLabel(demo.simulatedLabel(ticket, LI));
      }
      RegressionIncidentEndToEndTest.awaitStep(incident, "mitigation_proposal");
      ProposalReceipt proposal =
          incident.proposeMitigation(
              MitigationProposal.typed(
                  ANA,
                  "while billing overrides are reviewed",
                  List.of(ConfigOperation.setThreshold("billing_double_charge", 0.9))));
      incident.vote(new VoteRequest(proposal.requestId(), BEN, true, "ok", "ben-1"));
      IncidentReport report =
          WorkflowStub.fromTyped(incident).getResult(30, TimeUnit.SECONDS, IncidentReport.class);

      assertEquals(2, report.configVersions().size(), report.configVersions().toString());
      assertEquals(0.9, demo.configs.current().thresholdFor("billing_double_charge"));
    } finally {
      second.shutdownNow();
      second.awaitTermination(10, TimeUnit.SECONDS);
    }

    List<String> steps = calls.stream().map(c -> c.substring(c.indexOf(':') + 1)).toList();
    assertEquals(
        steps.size(),
        steps.stream().distinct().count(),
        "an activity ran twice for the same subject: " + calls);
    assertEquals(
        Map.of(
            "PullProblemTickets", 1L,
            "WriteLabeledSample", 1L,
            "SelectDataset", 2L,
            // The golden run looks up its accepted baseline; the sample run has no golden version.
            "AcceptedBaseline", 1L,
            "RunHarness", 2L,
            "PrepareConfigRelease", 1L,
            "ApplyConfigRelease", 1L,
            "RecordDecision", 3L),
        steps.stream()
            .map(s -> s.substring(0, s.indexOf('(')))
            .filter(name -> !name.equals("Notify"))
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting())));
    assertTrue(
        calls.subList(0, beforeRestart).contains("first:PullProblemTickets(billing)"),
        calls.toString());
    assertTrue(
        calls.subList(0, beforeRestart).stream()
            .anyMatch(c -> c.startsWith("first:Notify(labeling_requested ")),
        calls.toString());
    assertTrue(
        calls.subList(beforeRestart, calls.size()).stream().allMatch(c -> c.startsWith("second:")),
        calls.toString());

    List<DecisionEntry> decisions = demo.decisionLog.list().stream().map(e -> e.content()).toList();
    assertEquals(
        List.of(own + "-sample", own + "-golden", own),
        decisions.stream().map(DecisionEntry::runId).toList());
    assertEquals(
        demo.configs.current().configVersion(),
        decisions.get(decisions.size() - 1).appliedConfigVersion());
    assertTrue(demo.decisionLog.verify().intact());
  }

  private WorkerFactory startWorker(String name, DemoIncident demo, WorkerOptions options) {
    WorkerFactory factory = WorkerFactory.newInstance(env.getWorkflowClient());
    Worker worker = factory.newWorker(TASK_QUEUE, options);
    worker.registerWorkflowImplementationTypes(
        RegressionIncidentWorkflowImpl.class, EvaluationRunbookWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new CountingActivities(
            name,
            calls,
            demo.incidents(),
            demo.releases(),
            demo.evaluations(),
            demo.decisions(),
            new LoggingNotifierActivities()));
    factory.start();
    return factory;
  }

  /**
   * Waits until the workflow has neither a workflow task nor an activity outstanding, so a worker
   * stopped now interrupts nothing.
   */
  private static void awaitIdle(WorkflowClient client, String workflowId) {
    Await.until(
        "workflow " + workflowId + " to go idle",
        () -> Progress.of(client.fetchHistory(workflowId).getEvents()),
        Progress::idle);
  }

  /** How far a workflow's history has got: its activities scheduled and closed, its last event. */
  private record Progress(long scheduled, long closed, EventType last) {
    static Progress of(List<HistoryEvent> events) {
      return new Progress(
          events.stream()
              .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
              .count(),
          events.stream().filter(e -> ACTIVITY_CLOSED.contains(e.getEventType())).count(),
          events.get(events.size() - 1).getEventType());
    }

    boolean idle() {
      return scheduled == closed
          && last != EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED
          && last != EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED;
    }
  }
}
