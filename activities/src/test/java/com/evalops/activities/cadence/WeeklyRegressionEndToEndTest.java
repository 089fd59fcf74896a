package com.evalops.activities.cadence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.activities.artifact.LocalArtifactStore;
import com.evalops.activities.audit.DecisionLogActivitiesImpl;
import com.evalops.activities.config.ChangeRequest;
import com.evalops.activities.config.LocalRouterConfigStore;
import com.evalops.activities.ledger.DecisionEntry;
import com.evalops.activities.ledger.LedgerEntry;
import com.evalops.activities.ledger.LocalLedger;
import com.evalops.activities.notify.LoggingNotifierActivities;
import com.evalops.activities.runbook.EvaluationActivitiesImpl;
import com.evalops.activities.runbook.HarnessSettings;
import com.evalops.harness.contract.RouterConfig;
import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.audit.RunbookSearchAttributes;
import com.evalops.workflows.cadence.WeeklyRegressionRequest;
import com.evalops.workflows.cadence.WeeklyRegressionWorkflow;
import com.evalops.workflows.cadence.WeeklyRegressionWorkflowImpl;
import com.evalops.workflows.cadence.WeeklySummary;
import com.evalops.workflows.runbook.EvaluationRunbookWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributeKey;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
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

  @TempDir Path data;

  @Test
  void givenDemoData_whenThreeWeeksRun_thenBaselinesDecisionsAndArtifactsAreKept(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    for (SearchAttributeKey<?> key : RunbookSearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), key.getValueType());
    }
    LocalRouterConfigStore.seed(data.resolve("configs"), DEMO.resolve("configs"), "v12");
    LocalRouterConfigStore configs =
        new LocalRouterConfigStore(
            data.resolve("configs"), LocalLedger.changeLog(data.resolve("change-log.jsonl")));
    LocalLedger<DecisionEntry> decisionLog =
        LocalLedger.decisionLog(data.resolve("decision-log.jsonl"));
    LocalArtifactStore artifacts = new LocalArtifactStore(data.resolve("artifacts"));
    worker.registerActivitiesImplementations(
        new EvaluationActivitiesImpl(
            new HarnessSettings(DEMO, "v2", data.resolve("runs")),
            configs,
            artifacts,
            Clock.systemUTC()),
        new DecisionLogActivitiesImpl(decisionLog),
        new ProductionInputsActivitiesImpl(configs, decisionLog, "v2"),
        new LoggingNotifierActivities());
    env.start();

    WeeklySummary first = runWeek(client, worker, "2025-W50");
    WeeklySummary second = runWeek(client, worker, "2025-W51");
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
    WeeklySummary third = runWeek(client, worker, "2025-W52");

    assertEquals("PASS", first.verdict());
    assertNull(first.baselineRunId());
    assertEquals("accepted_as_baseline", first.decision());
    assertEquals("PASS", second.verdict());
    assertEquals("weekly-2025-W50", second.baselineRunId());
    assertEquals("REVIEW", third.verdict(), "model m4 loses refund_status recall");
    assertEquals("weekly-2025-W51", third.baselineRunId());
    assertEquals("no_change", third.decision());
    assertTrue(third.recommendations().stream().anyMatch(a -> a.kind().equals("review_misroutes")));

    List<LedgerEntry<DecisionEntry>> decisions = decisionLog.list();
    assertEquals(
        List.of("accepted_as_baseline", "accepted_as_baseline", "no_change"),
        decisions.stream().map(e -> e.content().decision()).toList());
    assertTrue(decisionLog.verify().intact(), decisionLog.verify().toString());
    DecisionEntry last = decisions.get(2).content();
    assertEquals("v15", last.configVersion());
    assertEquals("v2", last.datasetVersion());
    assertEquals(
        List.of("weekly-2025-W50", "weekly-2025-W51", "weekly-2025-W52"), artifacts.list());
    assertTrue(artifacts.readManifest("weekly-2025-W52").files().containsKey("comparison.json"));
    assertTrue(Files.isDirectory(Path.of(java.net.URI.create(third.artifactLocation()))));
  }

  private static WeeklySummary runWeek(WorkflowClient client, Worker worker, String week) {
    return client
        .newWorkflowStub(
            WeeklyRegressionWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.weeklyRegression(week))
                .setTaskQueue(worker.getTaskQueue())
                .build())
        .run(new WeeklyRegressionRequest(week, "schedule", null));
  }
}
