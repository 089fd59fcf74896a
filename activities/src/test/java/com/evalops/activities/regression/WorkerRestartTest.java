package com.evalops.activities.regression;

import static com.evalops.activities.regression.DemoIncident.ANA;
import static com.evalops.activities.regression.DemoIncident.BEN;
import static com.evalops.activities.regression.DemoIncident.LI;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.activities.notify.LoggingNotifierActivities;
import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.approval.VoteRequest;
import com.evalops.workflows.audit.RunbookSearchAttributes;
import com.evalops.workflows.regression.AlarmNotice;
import com.evalops.workflows.regression.IncidentReport;
import com.evalops.workflows.regression.IncidentStarter;
import com.evalops.workflows.regression.MitigationProposal;
import com.evalops.workflows.regression.ProposalReceipt;
import com.evalops.workflows.regression.RegressionIncidentWorkflow;
import com.evalops.workflows.regression.RegressionIncidentWorkflowImpl;
import com.evalops.workflows.runbook.EvaluationRunbookWorkflowImpl;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributeKey;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker stops while the incident waits for labelers; a new worker on the same test server,
 * with new activity instances, carries it to the end, and no step runs twice. Real time, not time
 * skipping: nothing may move the labeling deadline while no worker is running.
 */
class WorkerRestartTest {
  private static final String TASK_QUEUE = "evalops-restart";
  private static final String ID = WorkflowIds.regression(DemoIncident.SCOPE);

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
  void
      givenWorkerStoppedWhileLabelersWork_whenNewWorkerTakesOver_thenIncidentEndsAndNoStepRunsTwice()
          throws InterruptedException {
    DemoIncident demo = new DemoIncident(data);
    // The test server does not move a workflow off a stopped worker's sticky queue as the real
    // server does after its schedule-to-start timeout: the first worker keeps no sticky cache, so
    // its workflow tasks stay on the shared queue the second worker polls.
    WorkerFactory first =
        startWorker(
            "first", demo, WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(0).build());
    IncidentStarter.startOrJoin(
        env.getWorkflowClient(),
        TASK_QUEUE,
        demo.request(false),
        new AlarmNotice(DemoIncident.SCOPE, "quality-drop", "cli", "override rate 9% > 5%"));
    RegressionIncidentWorkflow incident =
        env.getWorkflowClient().newWorkflowStub(RegressionIncidentWorkflow.class, ID);
    RegressionIncidentEndToEndTest.awaitStep(incident, "labeling");
    List<String> tickets = incident.state().labeling().sample().ticketIds();

    first.shutdownNow();
    first.awaitTermination(10, TimeUnit.SECONDS);
    WorkerFactory second =
        startWorker("second", new DemoIncident(data), WorkerFactoryOptions.getDefaultInstance());
    try {
      for (String ticket : tickets) {
        incident.submitLabel(demo.simulatedLabel(ticket, LI));
      }
      RegressionIncidentEndToEndTest.awaitStep(incident, "mitigation_proposal");
      ProposalReceipt proposal =
          incident.proposeMitigation(
              new MitigationProposal(
                  ANA,
                  MitigationProposal.ADJUST_THRESHOLDS,
                  "global=0.87 while billing overrides are reviewed",
                  List.of(),
                  List.of(),
                  null));
      incident.vote(new VoteRequest(proposal.requestId(), BEN, true, "ok", "ben-1"));
      IncidentReport report = WorkflowStub.fromTyped(incident).getResult(IncidentReport.class);

      assertEquals(2, report.configVersions().size(), report.configVersions().toString());
      assertEquals(0.87, demo.configs.current().confidenceThreshold());
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
            "RunHarness", 2L,
            "ApplyMitigation", 1L,
            "RecordDecision", 3L),
        steps.stream()
            .map(s -> s.substring(0, s.indexOf('(')))
            .filter(name -> !name.equals("Notify"))
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting())));
    assertTrue(calls.contains("first:PullProblemTickets(billing)"), calls.toString());
    assertTrue(
        calls.stream().anyMatch(c -> c.startsWith("second:ApplyMitigation")), calls.toString());
  }

  private WorkerFactory startWorker(String name, DemoIncident demo, WorkerFactoryOptions options) {
    WorkerFactory factory = WorkerFactory.newInstance(env.getWorkflowClient(), options);
    Worker worker = factory.newWorker(TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(
        RegressionIncidentWorkflowImpl.class, EvaluationRunbookWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new CountingActivities(
            name,
            calls,
            demo.incidents(),
            demo.evaluations(),
            demo.decisions(),
            new LoggingNotifierActivities()));
    factory.start();
    return factory;
  }
}
