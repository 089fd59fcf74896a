package com.evalops.workflows.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.audit.AuditView;
import com.evalops.workflows.audit.DecisionLogActivities;
import com.evalops.workflows.audit.DecisionRecord;
import com.evalops.workflows.notify.Notification;
import com.evalops.workflows.notify.NotifierActivities;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.History;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The evaluation runbook's branches, with the harness replaced by fixed answers. */
class EvaluationRunbookWorkflowTest {
  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(EvaluationRunbookWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  private final List<DecisionRecord> decisions = new CopyOnWriteArrayList<>();
  private final List<Notification> notices = new CopyOnWriteArrayList<>();

  private static DatasetSnapshot golden() {
    return new DatasetSnapshot("golden", "v2", "/data/golden/v2", "ab".repeat(32), 1000);
  }

  private static HarnessRun run(String verdict, long tier0Fn, Double recommendedThreshold) {
    return new HarnessRun(
        "run-1",
        verdict,
        List.of(verdict + " because of the fixture"),
        golden(),
        "v12",
        0.85,
        null,
        0.93,
        0.94,
        null,
        tier0Fn,
        0,
        0,
        0,
        recommendedThreshold,
        List.of(),
        "file:///data/runs/run-1/");
  }

  /** Fixed answers for the harness, and recording fakes for the log and the notifier. */
  private void startWorker(TestWorkflowEnvironment env, Worker worker, HarnessRun answer) {
    FakeRunbookActivities.registerSearchAttributes(env);
    worker.registerActivitiesImplementations(
        new EvaluationActivities() {
          @Override
          public DatasetSnapshot selectDataset(DatasetSelection selection) {
            return golden();
          }

          @Override
          public HarnessRun runHarness(RunHarnessRequest request) {
            return answer;
          }
        },
        new DecisionLogActivities() {
          @Override
          public long recordDecision(DecisionRecord decision) {
            decisions.add(decision);
            return decisions.size();
          }

          @Override
          public String acceptedBaseline(String goldenVersion) {
            return null;
          }
        },
        (NotifierActivities) notices::add);
    env.start();
  }

  private static EvaluationOutcome start(WorkflowClient client, Worker worker, boolean baseline) {
    EvaluationRunbookWorkflow workflow =
        client.newWorkflowStub(
            EvaluationRunbookWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.evaluation("run-1"))
                .setTaskQueue(worker.getTaskQueue())
                .build());
    return workflow.run(
        new StartEvaluationRequest(
            "run-1",
            "weekly",
            DatasetSelection.golden("v2"),
            "v12",
            null,
            "oncall-ana",
            baseline,
            null));
  }

  @BeforeEach
  void clear() {
    decisions.clear();
    notices.clear();
  }

  @Test
  void givenPassAskedToBecomeBaseline_whenRun_thenAcceptedButOnlyTheReviewMakesBaselines(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    startWorker(env, worker, run("PASS", 0, null));

    EvaluationOutcome outcome = start(client, worker, true);

    assertEquals("PASS", outcome.verdict());
    assertEquals("accepted", outcome.decision());
    assertEquals(1, decisions.size());
    DecisionRecord logged = decisions.get(0);
    assertEquals("evaluation-run-1/decision", logged.entryId());
    assertEquals("ab".repeat(32), logged.datasetSha256());
    assertEquals("file:///data/runs/run-1/", logged.artifactLocation());
    assertEquals(1, notices.size());
    assertTrue(notices.get(0).title().endsWith("PASS"));
  }

  @Test
  void givenTier0Miss_whenRun_thenStopChangesNothingAndRecommendsNotShipping(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    startWorker(env, worker, run("STOP", 3, 0.9));

    EvaluationOutcome outcome = start(client, worker, true);

    assertEquals("STOP", outcome.verdict());
    assertEquals("no_change", outcome.decision());
    assertEquals(
        List.of("do_not_ship", "rollback", "threshold_adjust"),
        outcome.recommendations().stream().map(RecommendedAction::kind).toList());
    assertEquals("no_change", decisions.get(0).decision());
  }

  @Test
  void givenRun_whenFinished_thenSearchAttributesNameKindVerdictAndVersions(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    startWorker(env, worker, run("REVIEW", 0, null));

    start(client, worker, false);

    Map<String, Payload> attributes =
        env.getWorkflowServiceStubs()
            .blockingStub()
            .describeWorkflowExecution(
                io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest.newBuilder()
                    .setNamespace(env.getNamespace())
                    .setExecution(
                        io.temporal.api.common.v1.WorkflowExecution.newBuilder()
                            .setWorkflowId(WorkflowIds.evaluation("run-1")))
                    .build())
            .getWorkflowExecutionInfo()
            .getSearchAttributes()
            .getIndexedFieldsMap();
    assertEquals("REVIEW", text(attributes, "EvalopsVerdict"));
    assertEquals("weekly", text(attributes, "EvalopsRunbookKind"));
    assertEquals("v2", text(attributes, "EvalopsDatasetVersion"));
    assertEquals("v12", text(attributes, "EvalopsConfigVersion"));
    Map<String, String> memo = AuditView.memo(env, WorkflowIds.evaluation("run-1"));
    assertEquals("REVIEW", memo.get("verdict"));
    assertEquals("v12", memo.get("config_version"));
    assertEquals("file:///data/runs/run-1/", memo.get("artifacts"));
    assertEquals("no_change", memo.get("decision"));
    AuditView.assertNoneMentions(List.copyOf(memo.values()), "oncall-ana");
  }

  @Test
  void givenRun_whenFinished_thenHistoryStaysSmall(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    startWorker(env, worker, run("PASS", 0, null));

    start(client, worker, true);

    History history = client.fetchHistory(WorkflowIds.evaluation("run-1")).getHistory();
    assertTrue(history.getEventsCount() < 150, history.getEventsCount() + " events");
    assertTrue(history.getSerializedSize() < 256 * 1024, history.getSerializedSize() + " bytes");
  }

  private static String text(Map<String, Payload> attributes, String name) {
    Payload payload = attributes.get(name);
    return payload == null
        ? null
        : DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, String.class, String.class);
  }
}
