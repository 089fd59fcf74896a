package com.evalops.activities.cadence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.activities.audit.DecisionLogActivitiesImpl;
import com.evalops.activities.notify.LoggingNotifierActivities;
import com.evalops.activities.runbook.EvaluationActivitiesImpl;
import com.evalops.activities.runbook.HarnessSettings;
import com.evalops.harness.contract.RouterConfig;
import com.evalops.stores.artifact.LocalArtifactStore;
import com.evalops.stores.config.ChangeRequest;
import com.evalops.stores.config.LocalRouterConfigStore;
import com.evalops.stores.ledger.DecisionEntry;
import com.evalops.stores.ledger.LedgerEntry;
import com.evalops.stores.ledger.LocalLedger;
import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.approval.VoteRequest;
import com.evalops.workflows.audit.RunbookSearchAttributes;
import com.evalops.workflows.cadence.WeeklyRegressionRequest;
import com.evalops.workflows.cadence.WeeklyRegressionWorkflow;
import com.evalops.workflows.cadence.WeeklyRegressionWorkflowImpl;
import com.evalops.workflows.cadence.WeeklySummary;
import com.evalops.workflows.runbook.DatasetSelection;
import com.evalops.workflows.runbook.EvaluationOutcome;
import com.evalops.workflows.runbook.EvaluationRunbookWorkflow;
import com.evalops.workflows.runbook.EvaluationRunbookWorkflowImpl;
import com.evalops.workflows.runbook.StartEvaluationRequest;
import com.evalops.workflows.testing.Await;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributeKey;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The weekly golden-set regression with the real activities on the demo data: the harness, the
 * artifact store, the hash-chained Decision Log and the config store, in temporary folders.
 */
class WeeklyRegressionEndToEndTest {
  private static final Path DEMO =
      Path.of(System.getProperty("evalops.repo.root", "..")).resolve("datasets/demo");

  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(
              WeeklyRegressionWorkflowImpl.class, EvaluationRunbookWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  private static final Actor ONCALL = new Actor("oncall-ana", Set.of(Role.ONCALL), "api");

  @TempDir Path data;

  private LocalRouterConfigStore configs;
  private LocalLedger<DecisionEntry> decisionLog;
  private LocalArtifactStore artifacts;

  @Test
  void givenDemoData_whenThreeWeeksRun_thenBaselinesDecisionsAndArtifactsAreKept(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    start(env, worker);

    WeeklySummary first = runWeek(client, worker, "2025-W50", true);
    WeeklySummary second = runWeek(client, worker, "2025-W51", true);
    RouterConfig m4 = configs.get("v13");
    configs.apply(
        new RouterConfig(
            "v15",
            m4.promptVersion(),
            m4.modelVersion(),
            m4.confidenceThreshold(),
            m4.intentThresholds(),
            m4.templates(),
            m4.safeMode()),
        new ChangeRequest(
            "change-m4", "oncall-ana", "ship model m4", List.of("lead-lee"), null, null));
    WeeklySummary third = runWeek(client, worker, "2025-W52", false);

    assertEquals("PASS", first.verdict());
    assertNull(first.baselineRunId());
    assertEquals("accepted_as_baseline", first.decision());
    assertEquals("PASS", second.verdict());
    assertEquals("weekly-2025-W50", second.baselineRunId());
    assertEquals("REVIEW", third.verdict(), "model m4 loses refund_status recall");
    assertEquals("weekly-2025-W51", third.baselineRunId());
    assertEquals("baseline_kept", third.decision());
    assertTrue(third.recommendations().stream().anyMatch(a -> a.kind().equals("review_misroutes")));

    List<LedgerEntry<DecisionEntry>> decisions = decisionLog.list();
    // Each week: the evaluation's own decision, then the weekly review's.
    assertEquals(
        List.of(
            "accepted",
            "accepted_as_baseline",
            "accepted",
            "accepted_as_baseline",
            "no_change",
            "baseline_kept"),
        decisions.stream().map(e -> e.content().decision()).toList());
    assertTrue(decisionLog.verify().intact(), decisionLog.verify().toString());
    DecisionEntry last = decisions.get(4).content();
    assertEquals("v15", last.configVersion());
    assertEquals("v2", last.datasetVersion());
    assertEquals(
        List.of("weekly-2025-W50", "weekly-2025-W51", "weekly-2025-W52"), artifacts.list());
    assertTrue(artifacts.readManifest("weekly-2025-W52").files().containsKey("comparison.json"));
    assertTrue(Files.isDirectory(Path.of(java.net.URI.create(third.artifactLocation()))));
  }

  /**
   * The v13 case: after the weekly review accepted a v12 run as the baseline of golden v2,
   * an ad-hoc evaluation of v13 that names no baseline is compared with it, and REVIEW names
   * refund_status, the intent that moved most, not the alphabetically first.
   */
  @Test
  void givenV12AcceptedAsBaseline_whenV13EvaluatedAdHoc_thenReviewNamesRefundStatus(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    start(env, worker);
    runWeek(client, worker, "2025-W50", true);

    EvaluationOutcome adHoc =
        client
            .newWorkflowStub(
                EvaluationRunbookWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(WorkflowIds.evaluation("adhoc-v13"))
                    .setTaskQueue(worker.getTaskQueue())
                    .build())
            .run(
                new StartEvaluationRequest(
                    "adhoc-v13",
                    "evaluation",
                    DatasetSelection.golden("v2"),
                    "v13",
                    null,
                    "oncall-ana",
                    false,
                    null));

    assertEquals("weekly-2025-W50", adHoc.baselineRunId());
    assertEquals("REVIEW", adHoc.verdict(), adHoc.reasons().toString());
    assertTrue(
        adHoc.reasons().get(0).contains("(largest: refund_status,"), adHoc.reasons().toString());
    assertEquals("no_change", adHoc.decision());
  }

  private void start(TestWorkflowEnvironment env, Worker worker) {
    for (SearchAttributeKey<?> key : RunbookSearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), key.getValueType());
    }
    LocalRouterConfigStore.seed(data.resolve("configs"), DEMO.resolve("configs"), "v12");
    configs =
        new LocalRouterConfigStore(
            data.resolve("configs"), LocalLedger.changeLog(data.resolve("change-log.jsonl")));
    decisionLog = LocalLedger.decisionLog(data.resolve("decision-log.jsonl"));
    artifacts = new LocalArtifactStore(data.resolve("artifacts"));
    worker.registerActivitiesImplementations(
        new EvaluationActivitiesImpl(
            new HarnessSettings(DEMO, "v2", data.resolve("runs"), List.of(data, DEMO)),
            configs,
            artifacts,
            Clock.systemUTC()),
        new DecisionLogActivitiesImpl(decisionLog),
        new ProductionInputsActivitiesImpl(configs, decisionLog, "v2"),
        new LoggingNotifierActivities());
    env.start();
  }

  /** Runs a week; when {@code accept}, on-call accepts its PASS in the review step. */
  private static WeeklySummary runWeek(
      WorkflowClient client, Worker worker, String week, boolean accept) {
    WeeklyRegressionWorkflow weekly =
        client.newWorkflowStub(
            WeeklyRegressionWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.weeklyRegression(week))
                .setTaskQueue(worker.getTaskQueue())
                .build());
    WorkflowClient.start(weekly::run, new WeeklyRegressionRequest(week, "schedule", null));
    if (accept) {
      awaitReview(weekly);
      weekly.vote(new VoteRequest("weekly-" + week + "/baseline", ONCALL, true, "ok", ""));
    }
    return WorkflowStub.fromTyped(weekly).getResult(WeeklySummary.class);
  }

  /** Time stands still until the test waits for the result, so polling cannot miss a deadline. */
  private static void awaitReview(WeeklyRegressionWorkflow weekly) {
    Await.until(
        "a baseline review",
        weekly::state,
        state -> "review".equals(state.step()) && !state.review().pending().isEmpty());
  }
}
