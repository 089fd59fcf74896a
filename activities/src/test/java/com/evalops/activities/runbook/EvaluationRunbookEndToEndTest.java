package com.evalops.activities.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.activities.artifact.LocalArtifactStore;
import com.evalops.activities.audit.DecisionLogActivitiesImpl;
import com.evalops.activities.config.ConfigChangeActivitiesImpl;
import com.evalops.activities.config.LocalRouterConfigStore;
import com.evalops.activities.ledger.ChangeEntry;
import com.evalops.activities.ledger.DecisionEntry;
import com.evalops.activities.ledger.LocalLedger;
import com.evalops.activities.notify.LoggingNotifierActivities;
import com.evalops.harness.contract.RouterConfig;
import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.approval.VoteRequest;
import com.evalops.workflows.audit.RunbookSearchAttributes;
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
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluation runbook with the real activities on the demo data: a model trained on corrupted
 * Tier 0 labels (config v14) is stopped, on-call rolls back to v12, another on-call approves, and
 * the config store, Change Log and Decision Log show it.
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

  @Test
  void givenTier0Regression_whenOncallRollsBackAndPeerApproves_thenNewVersionAndLogs(
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
            new HarnessSettings(DEMO, "v2", data.resolve("runs")),
            configs,
            new LocalArtifactStore(data.resolve("artifacts")),
            Clock.systemUTC()),
        new DecisionLogActivitiesImpl(decisionLog),
        new ConfigChangeActivitiesImpl(configs),
        new LoggingNotifierActivities());
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
    for (int i = 0; i < 500 && workflow.state().waitingUntil() == null; i++) {
      env.sleep(Duration.ofMillis(20));
    }

    Actor ana = new Actor("oncall-ana", Set.of(Role.ONCALL), "cli");
    Actor bo = new Actor("oncall-bo", Set.of(Role.ONCALL), "slack");
    workflow.decide(new DecideRequest(ana, "rollback", "m5 misses fraud", null, null, "v12"));
    workflow.vote(new VoteRequest("run-m5/rollback", bo, true, "agreed", "bo-1"));
    EvaluationOutcome outcome = WorkflowStub.fromTyped(workflow).getResult(EvaluationOutcome.class);

    assertEquals("STOP", outcome.verdict());
    assertEquals(55, outcome.tier0FalseNegatives());
    String applied = outcome.decision().substring("applied rollback as config ".length());
    RouterConfig current = configs.current();
    assertEquals(applied, current.configVersion());
    assertEquals("m3", current.modelVersion(), "v12's model is back");
    ChangeEntry change = changeLog.list().get(changeLog.list().size() - 1).content();
    assertEquals("v12", change.rolledBackTo());
    assertTrue(change.approvedBy().contains("oncall-bo"));
    DecisionEntry decision = decisionLog.list().get(0).content();
    assertEquals(applied, decision.appliedConfigVersion());
    assertTrue(
        decision.actors().stream()
            .anyMatch(a -> a.actor().equals("oncall-bo") && a.action().equals("approved")));
    assertTrue(decisionLog.verify().intact());
  }
}
