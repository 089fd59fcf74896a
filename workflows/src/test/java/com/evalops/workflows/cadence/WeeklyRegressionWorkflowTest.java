package com.evalops.workflows.cadence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.ApprovalOutcome;
import com.evalops.workflows.approval.RequestState;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.approval.VoteRequest;
import com.evalops.workflows.audit.AuditView;
import com.evalops.workflows.audit.DecisionRecord;
import com.evalops.workflows.notify.Notification;
import com.evalops.workflows.replay.Histories;
import com.evalops.workflows.runbook.EvaluationRunbookWorkflowImpl;
import com.evalops.workflows.runbook.FakeRunbookActivities;
import com.evalops.workflows.runbook.RunHarnessRequest;
import com.evalops.workflows.testing.Await;
import io.temporal.api.history.v1.History;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WeeklyRegressionWorkflowTest {
  /** The week whose history shows the review step: replayed beside the older W51 history. */
  private static final String REVIEWED_WEEK = "2025-W52";

  private static final Actor SUPPORT_OPS = new Actor("labeler-li", Set.of(Role.LABELER), "api");
  private static final Actor LEADER = new Actor("leader-lu", Set.of(Role.LEADERSHIP), "slack");

  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(
              WeeklyRegressionWorkflowImpl.class, EvaluationRunbookWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  private WeeklyRegressionWorkflow startWeek(
      TestWorkflowEnvironment env,
      WorkflowClient client,
      Worker worker,
      FakeRunbookActivities fake,
      String week) {
    FakeRunbookActivities.registerSearchAttributes(env);
    worker.registerActivitiesImplementations(
        fake,
        (ProductionInputsActivities) () -> new ProductionInputs("v12", "v2", "weekly-2025-W50"));
    env.start();
    WeeklyRegressionWorkflow weekly =
        client.newWorkflowStub(
            WeeklyRegressionWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.weeklyRegression(week))
                .setTaskQueue(worker.getTaskQueue())
                .build());
    WorkflowClient.start(weekly::run, new WeeklyRegressionRequest(week, "schedule", null));
    return weekly;
  }

  private WeeklySummary runWeek(
      TestWorkflowEnvironment env,
      WorkflowClient client,
      Worker worker,
      FakeRunbookActivities fake) {
    return result(startWeek(env, client, worker, fake, "2025-W51"));
  }

  private static WeeklySummary result(WeeklyRegressionWorkflow weekly) {
    return WorkflowStub.fromTyped(weekly).getResult(WeeklySummary.class);
  }

  /** Time stands still until the test waits for the result, so polling cannot miss a deadline. */
  private static void awaitReview(WeeklyRegressionWorkflow weekly) {
    Await.until(
        "a baseline review",
        weekly::state,
        state -> "review".equals(state.step()) && !state.review().pending().isEmpty());
  }

  private static DecisionRecord review(FakeRunbookActivities fake) {
    return fake.decisions.stream()
        .filter(d -> d.entryId().endsWith("/review"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no review decision in " + fake.decisions));
  }

  @Test
  void givenPass_whenSupportOpsAccepts_thenTheRunBecomesTheBaseline(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    FakeRunbookActivities fake = new FakeRunbookActivities("PASS");
    WeeklyRegressionWorkflow weekly = startWeek(env, client, worker, fake, REVIEWED_WEEK);
    awaitReview(weekly);
    String requestId = "weekly-" + REVIEWED_WEEK + "/baseline";

    WorkflowUpdateException refused =
        assertThrows(
            WorkflowUpdateException.class,
            () -> weekly.vote(new VoteRequest(requestId, LEADER, true, "fine", "")));
    RequestState accepted =
        weekly.vote(new VoteRequest(requestId, SUPPORT_OPS, true, "QA agrees", ""));
    WeeklySummary summary = result(weekly);

    assertTrue(String.valueOf(refused.getCause()).contains("LABELER"), refused.toString());
    assertEquals(ApprovalOutcome.APPROVED, accepted.outcome());
    assertEquals("accepted_as_baseline", summary.decision());
    RunHarnessRequest asked = fake.harnessRequests.get(0);
    assertEquals("weekly-2025-W50", asked.baselineRunId());
    assertEquals("v12", asked.configVersion());
    assertEquals("accepted", fake.decisions.get(0).decision());
    DecisionRecord review = review(fake);
    assertEquals("accepted_as_baseline", review.decision());
    assertEquals("weekly-" + REVIEWED_WEEK, review.runId());
    assertEquals("v2", review.datasetVersion());
    assertEquals("PASS", review.verdict());
    assertTrue(
        review.participants().stream()
            .anyMatch(p -> p.actor().equals("labeler-li") && p.action().startsWith("accepted")),
        review.participants().toString());
    assertTrue(
        fake.notices.stream()
            .anyMatch(
                n ->
                    n.kind().equals("approval_requested")
                        && n.approval() != null
                        && n.approval()
                            .workflowId()
                            .equals(WorkflowIds.weeklyRegression(REVIEWED_WEEK))),
        fake.notices.toString());
    assertEquals("done", weekly.state().step());
    Histories.recordIfAsked(client, WorkflowIds.weeklyRegression(REVIEWED_WEEK));
    Histories.recordIfAsked(client, WorkflowIds.evaluation("weekly-" + REVIEWED_WEEK));
  }

  @Test
  void givenPass_whenNobodyAcceptsByTheDeadline_thenRemindedAndTheOldBaselineStays(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    FakeRunbookActivities fake = new FakeRunbookActivities("PASS");

    WeeklySummary summary = runWeek(env, client, worker, fake);

    assertEquals("PASS", summary.verdict());
    assertEquals("baseline_kept", summary.decision());
    DecisionRecord review = review(fake);
    assertEquals("baseline_kept", review.decision());
    assertTrue(
        review.reasons().get(0).startsWith("nobody accepted by the deadline: no change"),
        review.reasons().toString());
    assertTrue(review.reasons().get(0).endsWith("the baseline stays weekly-2025-W50"));
    List<String> kinds = fake.notices.stream().map(Notification::kind).toList();
    assertTrue(kinds.contains("reminder"), kinds.toString());
    assertTrue(kinds.contains("escalation"), kinds.toString());
  }

  @Test
  void givenPassUnderSafeMode_whenRun_thenNeverOfferedAsBaseline(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    FakeRunbookActivities fake = new FakeRunbookActivities("PASS").underSafeMode();

    WeeklySummary summary = runWeek(env, client, worker, fake);

    assertEquals("baseline_kept", summary.decision());
    assertTrue(
        review(fake).reasons().get(0).startsWith("a run under safe mode is never accepted"),
        review(fake).reasons().toString());
    assertTrue(fake.notices.stream().noneMatch(n -> n.kind().equals("approval_requested")));
  }

  @Test
  void givenReviewVerdict_whenRun_thenNeverOfferedAsBaseline(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    FakeRunbookActivities fake = new FakeRunbookActivities("REVIEW");

    WeeklySummary summary = runWeek(env, client, worker, fake);

    assertEquals("baseline_kept", summary.decision());
    assertTrue(
        review(fake).reasons().get(0).startsWith("verdict REVIEW is never accepted as baseline"));
    assertTrue(fake.notices.stream().noneMatch(n -> n.kind().equals("approval_requested")));
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
    assertEquals("baseline_kept", memo.get("decision"));
    assertEquals(
        List.of(
            "production inputs for week 2025-W51",
            "decision log: weekly review of weekly-2025-W51, baseline_kept"),
        AuditView.activitySummaries(client, id).stream().filter(s -> !s.isEmpty()).toList());
    assertEquals(
        "week 2025-W51: golden v2 under config v12 against baseline weekly-2025-W50",
        AuditView.startSummary(client, WorkflowIds.evaluation("weekly-2025-W51")));
    assertTrue(
        AuditView.details(client, id).startsWith("done: PASS, baseline_kept"),
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
