package com.evalops.activities.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.activities.audit.DecisionLogActivitiesImpl;
import com.evalops.activities.config.ConfigReleaseActivitiesImpl;
import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.TaxonomyFile;
import com.evalops.stores.artifact.LocalArtifactStore;
import com.evalops.stores.config.LocalRouterConfigStore;
import com.evalops.stores.ledger.ChangeEntry;
import com.evalops.stores.ledger.DecisionEntry;
import com.evalops.stores.ledger.LocalLedger;
import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.approval.VoteRequest;
import com.evalops.workflows.audit.RunbookSearchAttributes;
import com.evalops.workflows.notify.Notification;
import com.evalops.workflows.notify.NotifierActivities;
import com.evalops.workflows.runbook.DatasetSelection;
import com.evalops.workflows.runbook.DecideRequest;
import com.evalops.workflows.runbook.EvaluationOutcome;
import com.evalops.workflows.runbook.EvaluationRunbookWorkflow;
import com.evalops.workflows.runbook.EvaluationRunbookWorkflowImpl;
import com.evalops.workflows.runbook.EvaluationSettings;
import com.evalops.workflows.runbook.StartEvaluationRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributeKey;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluation runbook with the real activities on the demo data: a model trained on corrupted
 * Tier 0 labels (config v14) is stopped, on-call rolls back to v12, the release gate evaluates the
 * rollback's candidate, leadership approves the model change, and the config store, Change Log and
 * Decision Log show it.
 */
class EvaluationRunbookEndToEndTest {
  private static final Path DEMO =
      Path.of(System.getProperty("evalops.repo.root", "..")).resolve("datasets/demo");

  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(EvaluationRunbookWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  @TempDir Path data;

  /** The notices the runbook sent, in order; the test takes them as they come. */
  private final BlockingQueue<Notification> notices = new LinkedBlockingQueue<>();

  @Test
  void givenTier0Regression_whenOncallRollsBackAndLeadershipApproves_thenNewVersionAndLogs(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    for (SearchAttributeKey<?> key : RunbookSearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), key.getValueType());
    }
    LocalRouterConfigStore.seed(data.resolve("configs"), DEMO.resolve("configs"), "v14");
    LocalLedger<ChangeEntry> changeLog = LocalLedger.changeLog(data.resolve("change-log.jsonl"));
    LocalRouterConfigStore configs = new LocalRouterConfigStore(data.resolve("configs"), changeLog);
    LocalLedger<DecisionEntry> decisionLog =
        LocalLedger.decisionLog(data.resolve("decision-log.jsonl"));
    worker.registerActivitiesImplementations(
        new EvaluationActivitiesImpl(
            new HarnessSettings(DEMO, "v2", data.resolve("runs"), List.of(data, DEMO)),
            configs,
            new LocalArtifactStore(data.resolve("artifacts")),
            Clock.systemUTC()),
        new DecisionLogActivitiesImpl(decisionLog),
        new ConfigReleaseActivitiesImpl(
            configs, () -> TaxonomyFile.load(DEMO.resolve("taxonomy.json"))),
        (NotifierActivities) notices::add);
    env.start();
    EvaluationRunbookWorkflow workflow =
        client.newWorkflowStub(
            EvaluationRunbookWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.evaluation("run-m5"))
                .setTaskQueue(worker.getTaskQueue())
                .build());
    WorkflowClient.start(
        workflow::run,
        new StartEvaluationRequest(
            "run-m5",
            "evaluation",
            DatasetSelection.golden("v2"),
            "v14",
            null,
            "oncall-ana",
            false,
            EvaluationSettings.defaults()));
    awaitNotice("decision_needed");

    Actor ana = new Actor("oncall-ana", Set.of(Role.ONCALL), "cli");
    Actor lee = new Actor("lead-lee", Set.of(Role.LEADERSHIP), "slack");
    workflow.decide(new DecideRequest(ana, "rollback", "m5 misses fraud", null, null, "v12"));
    Notification asked = awaitNotice("approval_requested");
    workflow.vote(new VoteRequest("run-m5/rollback-1", lee, true, "agreed", "lee-1"));
    EvaluationOutcome outcome = WorkflowStub.fromTyped(workflow).getResult(EvaluationOutcome.class);

    assertEquals("STOP", outcome.verdict());
    assertEquals(55, outcome.tier0FalseNegatives());
    String applied = outcome.decision().substring("applied rollback as config ".length());
    RouterConfig current = configs.current();
    assertEquals(applied, current.configVersion());
    assertEquals("m3", current.modelVersion(), "v12's model is back");
    ChangeEntry change = changeLog.list().get(changeLog.list().size() - 1).content();
    assertEquals("v12", change.rolledBackTo());
    assertTrue(change.approvedBy().contains("lead-lee"));
    assertEquals("leadership", asked.audience(), "a model change is material");
    assertTrue(asked.text().contains("candidate evaluated PASS"), asked.text());
    DecisionEntry decision =
        decisionLog.list().stream()
            .map(e -> e.content())
            .filter(d -> d.runId().equals("run-m5"))
            .findFirst()
            .orElseThrow();
    assertEquals(applied, decision.appliedConfigVersion());
    assertTrue(
        decision.actors().stream()
            .anyMatch(a -> a.actor().equals("lead-lee") && a.action().equals("approved")));
    assertTrue(decisionLog.verify().intact());
  }

  private Notification awaitNotice(String kind) {
    try {
      for (Notification n = notices.poll(60, TimeUnit.SECONDS);
          n != null;
          n = notices.poll(60, TimeUnit.SECONDS)) {
        if (n.kind().equals(kind)) {
          return n;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new AssertionError("no " + kind + " notice");
  }
}
