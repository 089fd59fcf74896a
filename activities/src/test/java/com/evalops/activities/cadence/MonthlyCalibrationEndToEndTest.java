package com.evalops.activities.cadence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.activities.audit.DecisionLogActivitiesImpl;
import com.evalops.activities.config.ConfigReleaseActivitiesImpl;
import com.evalops.activities.runbook.EvaluationActivitiesImpl;
import com.evalops.activities.runbook.HarnessSettings;
import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.TaxonomyFile;
import com.evalops.stores.artifact.LocalArtifactStore;
import com.evalops.stores.config.LocalRouterConfigStore;
import com.evalops.stores.ledger.ChangeEntry;
import com.evalops.stores.ledger.DecisionEntry;
import com.evalops.stores.ledger.LedgerEntry;
import com.evalops.stores.ledger.LocalLedger;
import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.ApprovalRequest;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.approval.VoteRequest;
import com.evalops.workflows.audit.RunbookSearchAttributes;
import com.evalops.workflows.cadence.CalibrationReport;
import com.evalops.workflows.cadence.MonthlyCalibrationRequest;
import com.evalops.workflows.cadence.MonthlyCalibrationWorkflow;
import com.evalops.workflows.cadence.MonthlyCalibrationWorkflowImpl;
import com.evalops.workflows.cadence.TemplateChange;
import com.evalops.workflows.notify.Notification;
import com.evalops.workflows.notify.NotifierActivities;
import com.evalops.workflows.runbook.EvaluationRunbookWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributeKey;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.net.URI;
import java.nio.file.Files;
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
 * The monthly calibration with the real activities on the demo routing log: analysis, artifacts,
 * the proposal released as one typed change (the release gate evaluates a candidate that needs it,
 * leadership approves the template change on its digest), the new router-config version with its
 * Change Log entry, and the Decision Log, in temporary folders.
 */
class MonthlyCalibrationEndToEndTest {
  private static final Path DEMO =
      Path.of(System.getProperty("evalops.repo.root", "..")).resolve("datasets/demo");

  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(
              MonthlyCalibrationWorkflowImpl.class, EvaluationRunbookWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  @TempDir Path data;

  /** The notices the runbook sent, in order; the test takes them as they come. */
  private final BlockingQueue<Notification> notices = new LinkedBlockingQueue<>();

  @Test
  void givenDemoRoutingLog_whenLeadersApprove_thenNewConfigVersionChangeLogAndDecisionLog(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) throws Exception {
    for (SearchAttributeKey<?> key : RunbookSearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), key.getValueType());
    }
    LocalRouterConfigStore.seed(data.resolve("configs"), DEMO.resolve("configs"), "v12");
    LocalLedger<ChangeEntry> changeLog = LocalLedger.changeLog(data.resolve("change-log.jsonl"));
    LocalRouterConfigStore configs = new LocalRouterConfigStore(data.resolve("configs"), changeLog);
    LocalLedger<DecisionEntry> decisionLog =
        LocalLedger.decisionLog(data.resolve("decision-log.jsonl"));
    worker.registerActivitiesImplementations(
        new CalibrationActivitiesImpl(
            DEMO.resolve("routing-log.jsonl"),
            DEMO.resolve("taxonomy.json"),
            configs,
            data.resolve("calibration"),
            Clock.systemUTC()),
        new ProductionInputsActivitiesImpl(configs, decisionLog, "v2"),
        new DecisionLogActivitiesImpl(decisionLog),
        new ConfigReleaseActivitiesImpl(
            configs, () -> TaxonomyFile.load(DEMO.resolve("taxonomy.json"))),
        new EvaluationActivitiesImpl(
            new HarnessSettings(DEMO, "v2", data.resolve("runs"), List.of(data, DEMO)),
            configs,
            new LocalArtifactStore(data.resolve("artifacts")),
            Clock.systemUTC()),
        (NotifierActivities) notices::add);
    env.start();
    MonthlyCalibrationWorkflow monthly =
        client.newWorkflowStub(
            MonthlyCalibrationWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.monthlyCalibration("2025-12"))
                .setTaskQueue(worker.getTaskQueue())
                .build());
    WorkflowClient.start(
        monthly::run, new MonthlyCalibrationRequest("2025-12", 31, "oncall-ana", null));
    awaitNotice("approval_requested");
    ApprovalRequest request = monthly.state().approval().requests().get(0).request();
    String digest = request.evidence().get(ApprovalRequest.CHANGE_DIGEST);

    assertEquals(
        Set.of(Role.LEADERSHIP),
        monthly.state().approval().pending().get(0).waitingFor(),
        "disabling a template changes customer-facing copy: leadership approves");
    for (String leader : List.of("lead-lee", "lead-kim")) {
      monthly.vote(
          new VoteRequest(
              request.requestId(),
              new Actor(leader, Set.of(Role.LEADERSHIP), "api"),
              true,
              "override rates checked",
              leader + "-1",
              digest,
              ""));
    }
    CalibrationReport report = WorkflowStub.fromTyped(monthly).getResult(CalibrationReport.class);

    assertTrue(
        report.proposal().notes().stream()
            .anyMatch(n -> n.contains("52 tickets overridden to crypto_question")),
        report.proposal().notes().toString());
    assertTrue(report.proposal().changesConfig());
    List<String> disabled =
        report.proposal().templateChanges().stream()
            .filter(t -> !t.enable())
            .map(TemplateChange::template)
            .toList();
    assertTrue(disabled.contains("password_reset_v1"), disabled.toString());
    assertEquals("applied", report.decision(), report.reasons().toString());

    RouterConfig applied = configs.current();
    assertEquals(report.newConfigVersion(), applied.configVersion());
    assertFalse(applied.templateEnabled("password_reset_v1"));
    assertTrue(applied.templateEnabled("card_delivery_eta_v1"));
    ChangeEntry change = changeLog.list().get(changeLog.list().size() - 1).content();
    assertTrue(change.entryId().startsWith("monthly-calibration-2025-12-"), change.entryId());
    assertTrue(change.entryId().endsWith("/calibration"), change.entryId());
    assertEquals("v12", change.fromVersion());
    assertEquals(List.of("lead-lee", "lead-kim"), change.approvedBy());
    assertEquals("oncall-ana", change.requestedBy());
    assertTrue(
        change.diff().stream().anyMatch(d -> d.contains("password_reset_v1")),
        change.diff().toString());

    List<DecisionEntry> decisions =
        decisionLog.list().stream()
            .map(LedgerEntry::content)
            .filter(d -> d.runId().equals("monthly-2025-12"))
            .toList();
    assertEquals(1, decisions.size());
    DecisionEntry decision = decisions.get(0);
    assertEquals("monthly", decision.runbookKind());
    assertEquals("applied", decision.decision());
    assertEquals("v12", decision.configVersion());
    assertEquals(report.newConfigVersion(), decision.appliedConfigVersion());
    assertTrue(decisionLog.verify().intact(), decisionLog.verify().toString());

    Path folder = Path.of(URI.create(report.artifactLocation()));
    assertTrue(Files.readString(folder.resolve("calibration.json")).contains("crypto_question"));
    assertTrue(Files.readString(folder.resolve("calibration.md")).contains("password_reset_v1"));
  }

  private Notification awaitNotice(String kind) throws InterruptedException {
    for (Notification n = notices.poll(120, TimeUnit.SECONDS);
        n != null;
        n = notices.poll(120, TimeUnit.SECONDS)) {
      if (n.kind().equals(kind)) {
        return n;
      }
    }
    throw new AssertionError("no " + kind + " notice");
  }
}
