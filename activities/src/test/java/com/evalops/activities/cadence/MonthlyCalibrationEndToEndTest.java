package com.evalops.activities.cadence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.activities.audit.DecisionLogActivitiesImpl;
import com.evalops.activities.config.LocalRouterConfigStore;
import com.evalops.activities.ledger.ChangeEntry;
import com.evalops.activities.ledger.DecisionEntry;
import com.evalops.activities.ledger.LedgerEntry;
import com.evalops.activities.ledger.LocalLedger;
import com.evalops.activities.notify.LoggingNotifierActivities;
import com.evalops.harness.contract.RouterConfig;
import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.approval.VoteRequest;
import com.evalops.workflows.audit.RunbookSearchAttributes;
import com.evalops.workflows.cadence.CalibrationReport;
import com.evalops.workflows.cadence.MonthlyCalibrationRequest;
import com.evalops.workflows.cadence.MonthlyCalibrationWorkflow;
import com.evalops.workflows.cadence.MonthlyCalibrationWorkflowImpl;
import com.evalops.workflows.cadence.TemplateChange;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monthly calibration with the real activities on the demo routing log: analysis, artifacts, an
 * on-call approval through the workflow client, the new router-config version with its Change Log
 * entry, and the Decision Log, in temporary folders.
 */
class MonthlyCalibrationEndToEndTest {
  private static final Path DEMO =
      Path.of(System.getProperty("evalops.repo.root", "..")).resolve("datasets/demo");

  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(MonthlyCalibrationWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  @TempDir Path data;

  @Test
  void givenDemoRoutingLog_whenOncallApproves_thenNewConfigVersionChangeLogAndDecisionLog(
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
        new LoggingNotifierActivities());
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
    for (int i = 0; i < 400 && monthly.state().approval().pending().isEmpty(); i++) {
      Thread.sleep(50);
    }

    assertEquals(
        Set.of(Role.ONCALL),
        monthly.state().approval().pending().get(0).waitingFor(),
        "disabling templates of non-leadership intents is on-call's to approve");
    monthly.vote(
        new VoteRequest(
            "monthly-2025-12/approval",
            new Actor("oncall-bo", Set.of(Role.ONCALL), "api"),
            true,
            "override rates checked",
            "vote-1"));
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
    assertEquals("applied", report.decision());
    assertEquals("v12-cal-2025-12", report.newConfigVersion());

    RouterConfig applied = configs.current();
    assertEquals("v12-cal-2025-12", applied.configVersion());
    assertFalse(applied.templateEnabled("password_reset_v1"));
    assertTrue(applied.templateEnabled("card_delivery_eta_v1"));
    ChangeEntry change = changeLog.list().get(0).content();
    assertEquals("monthly-calibration-2025-12/change", change.entryId());
    assertEquals("v12", change.fromVersion());
    assertEquals(List.of("oncall-bo"), change.approvedBy());
    assertEquals("oncall-ana", change.requestedBy());
    assertTrue(
        change.diff().stream().anyMatch(d -> d.contains("password_reset_v1")),
        change.diff().toString());

    List<LedgerEntry<DecisionEntry>> decisions = decisionLog.list();
    assertEquals(1, decisions.size());
    DecisionEntry decision = decisions.get(0).content();
    assertEquals("monthly", decision.runbookKind());
    assertEquals("applied", decision.decision());
    assertEquals("v12", decision.configVersion());
    assertEquals("v12-cal-2025-12", decision.appliedConfigVersion());
    assertTrue(decisionLog.verify().intact(), decisionLog.verify().toString());

    Path folder = Path.of(URI.create(report.artifactLocation()));
    assertTrue(Files.readString(folder.resolve("calibration.json")).contains("crypto_question"));
    assertTrue(Files.readString(folder.resolve("calibration.md")).contains("password_reset_v1"));
  }
}
