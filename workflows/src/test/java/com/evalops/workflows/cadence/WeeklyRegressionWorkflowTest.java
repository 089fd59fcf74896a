package com.evalops.workflows.cadence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.replay.Histories;
import com.evalops.workflows.runbook.EvaluationRunbookWorkflowImpl;
import com.evalops.workflows.runbook.FakeRunbookActivities;
import com.evalops.workflows.runbook.RunHarnessRequest;
import io.temporal.api.history.v1.History;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WeeklyRegressionWorkflowTest {
  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(
              WeeklyRegressionWorkflowImpl.class, EvaluationRunbookWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  private WeeklySummary runWeek(
      TestWorkflowEnvironment env,
      WorkflowClient client,
      Worker worker,
      FakeRunbookActivities fake) {
    FakeRunbookActivities.registerSearchAttributes(env);
    worker.registerActivitiesImplementations(
        fake,
        (ProductionInputsActivities) () -> new ProductionInputs("v12", "v2", "weekly-2025-W50"));
    env.start();
    WeeklyRegressionWorkflow weekly =
        client.newWorkflowStub(
            WeeklyRegressionWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.weeklyRegression("2025-W51"))
                .setTaskQueue(worker.getTaskQueue())
                .build());
    return weekly.run(new WeeklyRegressionRequest("2025-W51", "schedule", null));
  }

  @Test
  void givenWeek_whenRun_thenGoldenSetUnderProdConfigAgainstLastBaseline(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    FakeRunbookActivities fake = new FakeRunbookActivities("PASS");

    WeeklySummary summary = runWeek(env, client, worker, fake);

    RunHarnessRequest asked = fake.harnessRequests.get(0);
    assertEquals("weekly-2025-W51", asked.runId());
    assertEquals("v12", asked.configVersion());
    assertEquals("weekly-2025-W50", asked.baselineRunId());
    assertEquals("v2", asked.dataset().version());
    assertEquals("PASS", summary.verdict());
    assertEquals("accepted_as_baseline", summary.decision());
    assertEquals("weekly", fake.decisions.get(0).runbookKind());
    WeeklyState state =
        client
            .newWorkflowStub(
                WeeklyRegressionWorkflow.class, WorkflowIds.weeklyRegression("2025-W51"))
            .state();
    assertEquals("done", state.step());
    assertEquals(WorkflowIds.evaluation("weekly-2025-W51"), state.evaluationWorkflowId());
    assertEquals("PASS", state.verdict());
  }

  @Test
  void givenWeeklyRun_whenFinished_thenWholeHistoryIsUnder150EventsAnd256Kb(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    runWeek(env, client, worker, new FakeRunbookActivities("REVIEW"));

    for (String id :
        new String[] {
          WorkflowIds.weeklyRegression("2025-W51"), WorkflowIds.evaluation("weekly-2025-W51")
        }) {
      History history = client.fetchHistory(id).getHistory();
      assertTrue(history.getEventsCount() < 150, id + ": " + history.getEventsCount() + " events");
      assertTrue(
          history.getSerializedSize() < 256 * 1024,
          id + ": " + history.getSerializedSize() + " bytes");
      Histories.recordIfAsked(client, id);
    }
  }
}
