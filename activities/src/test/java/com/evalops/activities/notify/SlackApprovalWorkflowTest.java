package com.evalops.activities.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.activities.config.ConfigReleaseActivitiesImpl;
import com.evalops.harness.contract.TaxonomyFile;
import com.evalops.harness.sanitize.PiiSanitizer;
import com.evalops.stores.config.LocalRouterConfigStore;
import com.evalops.stores.ledger.LocalLedger;
import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.approval.VoteRequest;
import com.evalops.workflows.audit.DecisionLogActivities;
import com.evalops.workflows.audit.DecisionRecord;
import com.evalops.workflows.audit.RunbookSearchAttributes;
import com.evalops.workflows.runbook.DatasetSelection;
import com.evalops.workflows.runbook.DatasetSnapshot;
import com.evalops.workflows.runbook.DecideRequest;
import com.evalops.workflows.runbook.EvaluationActivities;
import com.evalops.workflows.runbook.EvaluationOutcome;
import com.evalops.workflows.runbook.EvaluationRunbookWorkflow;
import com.evalops.workflows.runbook.EvaluationRunbookWorkflowImpl;
import com.evalops.workflows.runbook.EvaluationSettings;
import com.evalops.workflows.runbook.HarnessRun;
import com.evalops.workflows.runbook.RunbookState;
import com.evalops.workflows.runbook.StartEvaluationRequest;
import com.evalops.workflows.testing.Await;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributeKey;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An evaluation runbook whose material change waits for two leaders, with the real Slack notifier
 * against a local Slack Web API: what the channel shows is what approvers would see.
 */
class SlackApprovalWorkflowTest {
  private static final String QUEUE = "slack-approvals";
  private static final String RUN = "weekly-2025-w51";
  private static final String WORKFLOW_ID = "evaluation-" + RUN;
  private static final Actor ONCALL = new Actor("oncall-1", Set.of(Role.ONCALL), "cli");
  private static final Path DEMO =
      Path.of(System.getProperty("evalops.repo.root", "..")).resolve("datasets/demo");

  @TempDir Path dir;
  private SlackApiServer slack;
  private TestWorkflowEnvironment env;
  private EvaluationRunbookWorkflow workflow;

  @BeforeEach
  void setUp() throws Exception {
    slack = new SlackApiServer();
    env = TestWorkflowEnvironment.newInstance();
    for (SearchAttributeKey<?> key : RunbookSearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), key.getValueType());
    }
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(EvaluationRunbookWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new FakeHarness(),
        new DecisionLogActivities() {
          @Override
          public long recordDecision(DecisionRecord decision) {
            return 1L;
          }

          @Override
          public String acceptedBaseline(String goldenVersion) {
            return null;
          }
        },
        releases(),
        new SlackNotifierActivities(
            slack.methods(),
            SlackApiServer.CHANNEL,
            new SlackMessages(new PiiSanitizer(), "", "default"),
            new SlackMessageStore(dir.resolve("slack"))));
    env.start();
    WorkflowClient client = env.getWorkflowClient();
    workflow =
        client.newWorkflowStub(
            EvaluationRunbookWorkflow.class,
            WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(WORKFLOW_ID).build());
    WorkflowClient.start(
        workflow::run,
        new StartEvaluationRequest(
            RUN,
            "weekly",
            DatasetSelection.golden("v2"),
            "v12",
            null,
            "schedule",
            false,
            new EvaluationSettings(
                Duration.ofHours(24),
                Duration.ofHours(4),
                2,
                Duration.ofHours(12),
                Duration.ofHours(4),
                1,
                true)));
    awaitState(s -> "decide".equals(s.step()) && s.waitingFor() != null);
    workflow.decide(
        new DecideRequest(
            ONCALL,
            "template_disable",
            "disable fee_schedule_v1, see ana@example.com",
            null,
            "fee_schedule_v1",
            null));
    awaitState(s -> !s.approvals().pending().isEmpty());
  }

  @AfterEach
  void tearDown() {
    env.close();
    slack.close();
  }

  @Test
  void givenTwoLeadersApprove_whenVoted_thenMessageShowsBothVotersAndTheOutcome() {
    String requestId = RUN + "/template_disable-1";
    workflow.vote(new VoteRequest(requestId, leader("lead-1"), true, "fine", "k1"));
    Await.until(
        "the approval message naming lead-1",
        () -> approvalMessages().stream().map(m -> m.blocks).toList(),
        blocks -> !blocks.isEmpty() && blocks.get(0).contains("approved by lead-1"));
    workflow.vote(new VoteRequest(requestId, leader("lead-2"), true, "", "k2"));

    EvaluationOutcome outcome =
        io.temporal.client.WorkflowStub.fromTyped(workflow).getResult(EvaluationOutcome.class);

    assertTrue(outcome.decision().startsWith("applied template_disable"));
    assertEquals(1, approvalMessages().size(), "one message for the request");
    SlackApiServer.Posted message = approvalMessage();
    assertTrue(message.blocks.contains("approved by lead-1"));
    assertTrue(message.blocks.contains("approved by lead-2"));
    assertTrue(message.blocks.contains("*Approved*"));
    assertFalse(message.blocks.contains("evalops_vote"), "no buttons once decided");
    assertTrue(message.blocks.contains("INVESTIGATE"));
    List<SlackApiServer.Posted> thread = slack.replies(message.ts);
    assertEquals(1, thread.size());
    assertTrue(thread.get(0).text.contains("applied as config v12-a"), thread.get(0).text);
    assertTrue(
        slack.calls("chat.update").size() >= 2, "updated after the first vote and at the end");
    assertFalse(
        slack.calls().stream().anyMatch(c -> c.params().toString().contains("ana@example.com")),
        "no e-mail address reached Slack");
  }

  @Test
  void givenNoVotes_whenDeadlinePasses_thenReminderEscalationAndNoChangeInTheThread() {
    EvaluationOutcome outcome =
        io.temporal.client.WorkflowStub.fromTyped(workflow).getResult(EvaluationOutcome.class);

    assertEquals("no_change", outcome.decision());
    assertEquals(1, approvalMessages().size());
    SlackApiServer.Posted message = approvalMessage();
    assertTrue(message.blocks.contains("*Expired*"));
    assertFalse(message.blocks.contains("evalops_vote"));
    List<String> thread = slack.replies(message.ts).stream().map(m -> m.text).toList();
    assertEquals(3, thread.size(), () -> "thread: " + thread);
    assertTrue(thread.get(0).contains("_reminder"));
    assertTrue(thread.get(1).contains("_escalation"));
    assertTrue(thread.get(2).contains("EXPIRED: no change"));
  }

  /** The demo's router configs (v12 in force) and taxonomy, in a temporary folder. */
  private ConfigReleaseActivitiesImpl releases() {
    LocalRouterConfigStore.seed(dir.resolve("configs"), DEMO.resolve("configs"), "v12");
    LocalRouterConfigStore configs =
        new LocalRouterConfigStore(
            dir.resolve("configs"), LocalLedger.changeLog(dir.resolve("change-log.jsonl")));
    return new ConfigReleaseActivitiesImpl(
        configs, () -> TaxonomyFile.load(DEMO.resolve("taxonomy.json")));
  }

  private static Actor leader(String id) {
    return new Actor(id, Set.of(Role.LEADERSHIP), "slack");
  }

  private List<SlackApiServer.Posted> approvalMessages() {
    return slack.messages().stream().filter(m -> m.metadata != null).toList();
  }

  private SlackApiServer.Posted approvalMessage() {
    return approvalMessages().get(0);
  }

  private void awaitState(Predicate<RunbookState> ready) {
    Await.until("the runbook's expected state", workflow::state, ready);
  }

  /** An INVESTIGATE verdict whose recommendation (disable a template) is material. */
  private static final class FakeHarness implements EvaluationActivities {
    @Override
    public DatasetSnapshot selectDataset(DatasetSelection selection) {
      return new DatasetSnapshot("golden", "v2", "golden/v2.jsonl", "ab".repeat(32), 1000);
    }

    @Override
    public HarnessRun runHarness(com.evalops.workflows.runbook.RunHarnessRequest request) {
      return new HarnessRun(
          request.runId(),
          "INVESTIGATE",
          List.of("3 automated answers the Tier 2 gates forbid"),
          request.dataset(),
          request.configVersion(),
          0.6,
          "weekly-2025-w50",
          0.912,
          0.874,
          -0.012,
          0,
          1,
          3,
          3,
          null,
          List.of("fee_schedule_v1"),
          "data/eval_runs/" + request.runId());
    }
  }
}
