package com.evalops.workflows.cadence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.audit.AuditView;
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
import java.util.List;
import java.util.Map;
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
  void givenWeek_whenRun_thenMemoAndSummariesShowScopeAndOutcomeWithoutPeople(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    runWeek(env, client, worker, new FakeRunbookActivities("PASS"));

    String id = WorkflowIds.weeklyRegression("2025-W51");
    Map<String, String> memo = AuditView.memo(env, id);
    assertEquals("weekly", memo.get("kind"));
    assertEquals("2025-W51", memo.get("week"));
    assertEquals("v12", memo.get("config_version"));
    assertEquals("v2", memo.get("golden_version"));
    assertEquals("weekly-2025-W50", memo.get("baseline_run"));
    assertEquals(WorkflowIds.evaluation("weekly-2025-W51"), memo.get("evaluation"));
    assertEquals("PASS", memo.get("verdict"));
    assertEquals("accepted_as_baseline", memo.get("decision"));
    assertEquals(
        List.of("production inputs for week 2025-W51"), AuditView.activitySummaries(client, id));
    assertEquals(
        "week 2025-W51: golden v2 under config v12 against baseline weekly-2025-W50",
        AuditView.startSummary(client, WorkflowIds.evaluation("weekly-2025-W51")));
    assertTrue(
        AuditView.details(client, id).startsWith("done: PASS, accepted_as_baseline"),
        AuditView.details(client, id));
    AuditView.assertNoneMentions(List.copyOf(memo.values()), "schedule");
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
