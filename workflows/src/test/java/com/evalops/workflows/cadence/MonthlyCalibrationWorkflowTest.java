package com.evalops.workflows.cadence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.release.ConfigChange;
import com.evalops.harness.release.ConfigOperation;
import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.ApprovalOutcome;
import com.evalops.workflows.approval.ApprovalRequest;
import com.evalops.workflows.approval.RefusalNotice;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.approval.VoteRequest;
import com.evalops.workflows.audit.AuditView;
import com.evalops.workflows.audit.DecisionRecord;
import com.evalops.workflows.audit.Participant;
import com.evalops.workflows.audit.RunbookSearchAttributes;
import com.evalops.workflows.config.ApplyReleaseRequest;
import com.evalops.workflows.replay.Histories;
import com.evalops.workflows.runbook.EvaluationRunbookWorkflowImpl;
import com.evalops.workflows.runbook.FakeRunbookActivities;
import com.evalops.workflows.testing.Await;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

/**
 * The monthly calibration on typed config releases: the approved proposal is one typed change,
 * approved on its digest by whom the one materiality rule names, gated by a golden evaluation of
 * the candidate when it does not only make routing safer, applied by compare-and-set. Each test
 * waits for the notice that says the runbook is ready for the next person; time stands still until
 * a test waits for the result, so no deadline passes meanwhile.
 */
class MonthlyCalibrationWorkflowTest {
  private static final String MONTH = "2025-12";
  private static final String ID = WorkflowIds.monthlyCalibration(MONTH);
  private static final String REQUEST = "monthly-2025-12/approval";
  private static final String PROPOSER = "oncall-ana";

  /** Recorded on typed releases, beside the older history of the same month. */
  private static final String TYPED_HISTORY = "monthly-calibration-2025-12-typed";

  private static final Actor ONCALL_BO = new Actor("oncall-bo", Set.of(Role.ONCALL), "cli");
  private static final Actor LEAD_LEE = new Actor("lead-lee", Set.of(Role.LEADERSHIP), "slack");
  private static final Actor LEAD_KIM = new Actor("lead-kim", Set.of(Role.LEADERSHIP), "slack");

  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(
              MonthlyCalibrationWorkflowImpl.class, EvaluationRunbookWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  private FakeCalibrationActivities fake;
  private MonthlyCalibrationWorkflow workflow;

  private void start(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker, CalibrationSummary s) {
    fake(env, worker, s);
    launch(env, client, worker);
  }

  private void fake(TestWorkflowEnvironment env, Worker worker, CalibrationSummary s) {
    FakeRunbookActivities.registerSearchAttributes(env);
    fake = new FakeCalibrationActivities(env, s);
    worker.registerActivitiesImplementations(fake);
  }

  private void launch(TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    env.start();
    workflow =
        client.newWorkflowStub(
            MonthlyCalibrationWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ID)
                .setTaskQueue(worker.getTaskQueue())
                .build());
    WorkflowClient.start(
        workflow::run,
        new MonthlyCalibrationRequest(MONTH, 31, PROPOSER, MonthlyCalibrationSettings.defaults()));
  }

  private CalibrationReport result() {
    return WorkflowStub.fromTyped(workflow).getResult(CalibrationReport.class);
  }

  /** The {@code nth} approval request, once its notice went out. */
  private ApprovalRequest awaitApprovalRequest(int nth) {
    fake.sent.await(nth, "approval_requested");
    return workflow.state().approval().requests().get(nth - 1).request();
  }

  private static VoteRequest vote(Actor actor, boolean approve) {
    return vote(actor, REQUEST, approve);
  }

  private static VoteRequest vote(Actor actor, String requestId, boolean approve) {
    return new VoteRequest(requestId, actor, approve, "looked at it", "");
  }

  @Test
  void givenNothingToChange_whenRun_thenNoChangeIsRecordedWithoutAskingAnyone(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    start(env, client, worker, FakeCalibrationActivities.quiet());

    CalibrationReport report = result();

    assertEquals("no_change", report.decision());
    assertNull(report.approvalOutcome());
    assertFalse(report.proposal().changesConfig());
    assertTrue(report.proposal().notes().stream().anyMatch(n -> n.contains("crypto_question")));
    assertTrue(fake.releases.changeLog.isEmpty());
    assertTrue(fake.releases.calls.isEmpty(), "nothing to prepare: " + fake.releases.calls);
    assertTrue(fake.notices.stream().noneMatch(n -> n.notification().kind().equals("reminder")));
    CalibrationQuery query = fake.queries.get(0);
    assertEquals(Instant.parse("2026-01-01T00:00:00Z"), query.to());
    assertEquals(Instant.parse("2025-12-01T00:00:00Z"), query.from());
    assertEquals("v12", query.configVersion());
    DecisionRecord decision = fake.decisions.get(0);
    assertEquals("monthly", decision.runbookKind());
    assertEquals("no_change", decision.decision());
    assertEquals("runbook", decision.participants().get(0).actor());
  }

  @Test
  void givenTemplateDisable_whenLeadersApproveItsDigest_thenAppliedKeepingAChangeThatLanded(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    start(env, client, worker, FakeCalibrationActivities.oncallChange());
    ApprovalRequest request = awaitApprovalRequest(1);
    fake.releases.land(
        new ConfigChange(null, List.of(ConfigOperation.setThreshold("card_not_working", 0.9))),
        "an incident's mitigation");
    String digest = request.evidence().get(ApprovalRequest.CHANGE_DIGEST);

    workflow.vote(new VoteRequest(REQUEST, LEAD_LEE, true, "ok", "", digest, ""));
    workflow.vote(new VoteRequest(REQUEST, LEAD_KIM, true, "ok", "", digest, ""));
    CalibrationReport report = result();

    assertEquals(Set.of(Role.LEADERSHIP), request.policy().approverRoles());
    assertEquals(2, request.policy().minApprovals());
    assertEquals(
        "touches customer-facing template password_reset_v1", request.evidence().get("material"));
    assertEquals("IMMEDIATE", request.evidence().get("release_gate"));
    assertEquals(
        new ConfigChange(null, List.of(ConfigOperation.disableTemplate("password_reset_v1")))
            .digest(),
        digest);
    RouterConfig current = fake.releases.current();
    assertFalse(current.templateEnabled("password_reset_v1"));
    assertEquals(0.9, current.thresholdFor("card_not_working"), "the landed change was reverted");
    List<String> log = fake.releases.changeLog;
    assertEquals(2, log.size(), log.toString());
    assertTrue(log.get(1).endsWith("disable_template(password_reset_v1)"), log.toString());
    assertEquals("applied", report.decision());
    assertEquals("APPROVED", report.approvalOutcome());
    assertEquals(current.configVersion(), report.newConfigVersion());
    assertTrue(report.proposal().material(), "materiality is the one rule's");
    ApplyReleaseRequest applied = fake.released.get(0);
    assertEquals(digest, applied.approvedDigest());
    assertEquals(PROPOSER, applied.requestedBy());
    assertEquals(List.of("lead-lee", "lead-kim"), applied.approvedBy());
    assertTrue(applied.releaseId().startsWith(ID + "-"), applied.releaseId());
    assertTrue(applied.releaseId().endsWith("/calibration"), applied.releaseId());
    assertTrue(fake.applied.isEmpty(), "no proposal applied past the release step");
    DecisionRecord decision = fake.decisions.get(0);
    assertEquals(ID + "/decision", decision.entryId());
    assertEquals("v12", decision.configVersion());
    assertEquals(report.newConfigVersion(), decision.appliedConfigVersion());
    Participant approver =
        decision.participants().stream()
            .filter(p -> p.action().equals("approve_vote"))
            .findFirst()
            .orElseThrow();
    assertEquals("lead-lee", approver.actor());
    assertEquals("leadership", approver.role());
    assertEquals("slack", approver.channel());
    assertEquals(report.newConfigVersion(), lastConfigVersionAttribute(client));
  }

  @Test
  void givenAVoteNamingAnotherDigest_whenCast_thenRefusedAndNothingCounted(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    start(env, client, worker, FakeCalibrationActivities.oncallChange());
    awaitApprovalRequest(1);

    String refused =
        refused(
            () ->
                workflow.vote(
                    new VoteRequest(REQUEST, LEAD_LEE, true, "ok", "", "ab".repeat(32), "")));
    workflow.vote(vote(LEAD_KIM, false));
    CalibrationReport report = result();

    assertTrue(refused.contains("what is approved is what is applied"), refused);
    assertEquals("REJECTED", report.approvalOutcome());
    assertEquals("no_change", report.decision());
    assertTrue(fake.released.isEmpty());
  }

  @Test
  void givenMaterialChange_whenApproved_thenGatedDetailsCountVotesAndMemoShowsDecisionWithoutPeople(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    start(env, client, worker, FakeCalibrationActivities.materialChange());
    ApprovalRequest request = awaitApprovalRequest(1);
    WorkflowUpdateException oncall =
        assertThrows(WorkflowUpdateException.class, () -> workflow.vote(vote(ONCALL_BO, true)));
    workflow.vote(vote(LEAD_LEE, true));
    // Details reach the server with the workflow task that set them: wait for them.
    String afterOne =
        Await.until(
            "the details after one vote",
            () -> AuditView.details(client, ID),
            d -> d.contains("1 more needed"));
    assertEquals(1, workflow.state().approval().pending().get(0).approvalsStillNeeded());
    workflow.vote(vote(LEAD_KIM, true));

    CalibrationReport report = result();

    assertTrue(reason(oncall).contains("LEADERSHIP"), reason(oncall));
    assertEquals("EVALUATE", request.evidence().get("release_gate"));
    assertEquals("PASS", request.evidence().get("candidate_verdict"));
    String gateRun = request.evidence().get("candidate_run");
    assertTrue(gateRun.startsWith(ID + "-") && gateRun.endsWith("-gate-1"), gateRun);
    RunHarnessRequestView candidate = candidateRun(gateRun);
    assertEquals("v2", candidate.golden(), "the current golden version scores the candidate");
    assertEquals(request.evidence().get("candidate_version"), candidate.configVersion());
    assertTrue(
        afterOne.startsWith(
            "waiting for leadership approval of monthly-2025-12/proposal: 1 more needed, until"),
        afterOne);
    assertEquals("applied", report.decision());
    RouterConfig current = fake.releases.current();
    assertEquals(request.evidence().get("candidate_version"), current.configVersion());
    assertTrue(current.templateEnabled("card_delivery_eta_v2"));
    assertEquals(0.88, current.confidenceThreshold());
    assertTrue(report.proposal().releasePlan().get(0).stage().equals("staging"));
    Map<String, String> memo = AuditView.memo(env, ID);
    assertEquals("monthly", memo.get("kind"));
    assertEquals(MONTH, memo.get("month"));
    assertEquals("v12", memo.get("config_version"));
    assertEquals("monthly-2025-12/proposal", memo.get("proposal"));
    assertEquals("true", memo.get("material"));
    assertEquals("APPROVED", memo.get("approval"));
    assertEquals("applied", memo.get("decision"));
    assertEquals(report.newConfigVersion(), memo.get("new_config_version"));
    String change = "set_threshold(global, 0.88); enable_template(card_delivery_eta_v2)";
    List<String> summaries = AuditView.activitySummaries(client, ID);
    assertTrue(
        summaries.containsAll(
            List.of(
                "production inputs for " + MONTH,
                "calibration of the routing log from 2025-12-01T00:00:00Z to"
                    + " 2026-01-01T00:00:00Z under config v12",
                "prepare " + change,
                "apply " + change,
                "decision log: monthly calibration " + MONTH + ", applied")),
        summaries.toString());
    assertTrue(AuditView.details(client, ID).startsWith("done: applied as config "));
    AuditView.assertNoneMentions(List.copyOf(memo.values()), PROPOSER, "lead-lee", "lead-kim");
    AuditView.assertNoneMentions(summaries, PROPOSER, "lead-lee", "lead-kim");
    Histories.recordIfAsked(client, ID, TYPED_HISTORY);
  }

  @Test
  void givenACandidateThatEvaluatesStop_whenGated_thenNeverPutToAVoteAndNoChange(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    fake(env, worker, FakeCalibrationActivities.materialChange());
    fake.verdictByModel.put("m3", "STOP");
    launch(env, client, worker);

    CalibrationReport report = result();

    assertEquals("no_change", report.decision());
    assertNull(report.approvalOutcome(), "nothing was put to a vote");
    assertTrue(
        report.reasons().stream().anyMatch(r -> r.contains("release gate") && r.contains("STOP")),
        report.reasons().toString());
    assertEquals("v12", fake.releases.current().configVersion());
    assertTrue(fake.released.isEmpty());
  }

  @Test
  void givenProposerVote_whenSubmitted_thenRefusedWithReasonAndRecordedOnRequest(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    start(env, client, worker, FakeCalibrationActivities.oncallChange());
    awaitApprovalRequest(1);
    VoteRequest own = vote(new Actor(PROPOSER, Set.of(Role.ONCALL), "cli"), true);

    WorkflowUpdateException refused =
        assertThrows(WorkflowUpdateException.class, () -> workflow.vote(own));
    workflow.recordRefusal(
        new RefusalNotice(own.actor(), "vote", own.requestId(), reason(refused)));
    workflow.vote(vote(LEAD_LEE, false));
    CalibrationReport report = result();

    assertTrue(reason(refused).contains("proposer cannot approve"), reason(refused));
    CalibrationState state = workflow.state();
    assertEquals(PROPOSER, state.approval().refusals().get(0).actor().id());
    assertTrue(
        fake.decisions.get(0).participants().stream()
            .anyMatch(p -> p.action().equals("refused") && p.actor().equals(PROPOSER)));
    assertEquals("REJECTED", report.approvalOutcome());
    assertEquals("no_change", report.decision());
    assertNull(report.newConfigVersion());
    assertTrue(fake.released.isEmpty());
    assertEquals("v12", fake.decisions.get(0).configVersion());
    assertTrue(report.reasons().contains("approval REJECTED: no change is applied"));
  }

  @Test
  void givenAConflictingChangeLandsFirst_whenApproved_thenBackToTheApproversWithBothValues(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    start(env, client, worker, FakeCalibrationActivities.thresholdOnly());
    awaitApprovalRequest(1);
    fake.releases.land(
        new ConfigChange(null, List.of(ConfigOperation.setThreshold("global", 0.9))),
        "another runbook");

    workflow.vote(vote(LEAD_LEE, true));
    workflow.vote(vote(LEAD_KIM, true));
    ApprovalRequest again = awaitApprovalRequest(2);
    List<String> history = workflow.state().history();
    workflow.vote(vote(LEAD_LEE, again.requestId(), true));
    workflow.vote(vote(LEAD_KIM, again.requestId(), true));
    CalibrationReport report = result();

    assertTrue(again.requestId().startsWith(REQUEST + "-r"), again.requestId());
    assertTrue(
        history.stream()
            .anyMatch(
                h ->
                    h.contains("back to the approvers")
                        && h.contains("now 0.9")
                        && h.contains("proposed 0.88")),
        history.toString());
    assertEquals("PASS", again.evidence().get("candidate_verdict"), "a lowering is evaluated");
    assertEquals("applied", report.decision());
    assertEquals(0.88, fake.releases.current().confidenceThreshold());
  }

  @Test
  void givenNoVotes_whenDeadlinePasses_thenRemindedEscalatedExpiredAndNoChange(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    start(env, client, worker, FakeCalibrationActivities.oncallChange());
    Instant requested = awaitApprovalRequest(1).requestedAt();

    CalibrationReport report = result();

    assertEquals("no_change", report.decision());
    assertEquals("EXPIRED", report.approvalOutcome());
    assertTrue(fake.released.isEmpty());
    List<String> kinds = fake.notices.stream().map(n -> n.notification().kind()).toList();
    assertEquals(List.of("approval_requested", "reminder", "escalation", "decision"), kinds);
    assertSentAt(requested.plus(Duration.ofDays(1)), fake.notices.get(1));
    assertEquals("leadership", fake.notices.get(1).notification().audience());
    assertSentAt(requested.plus(Duration.ofDays(2)), fake.notices.get(2));
    assertTrue(fake.notices.get(2).notification().audience().contains("oncall"));
    assertSentAt(requested.plus(Duration.ofDays(3)), fake.notices.get(3));
    assertEquals(ApprovalOutcome.EXPIRED.name(), fake.decisions.get(0).verdict());
  }

  // --- helpers ---------------------------------------------------------------------------------

  /** The golden version and config a candidate evaluation scored. */
  private record RunHarnessRequestView(String golden, String configVersion) {}

  private RunHarnessRequestView candidateRun(String runId) {
    return fake.candidateRuns.stream()
        .filter(r -> r.runId().equals(runId))
        .map(r -> new RunHarnessRequestView(r.dataset().version(), r.configVersion()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no candidate run " + runId));
  }

  private static String lastConfigVersionAttribute(WorkflowClient client) {
    return client.fetchHistory(ID).getHistory().getEventsList().stream()
        .filter(e -> e.hasUpsertWorkflowSearchAttributesEventAttributes())
        .reduce((a, b) -> b)
        .orElseThrow()
        .getUpsertWorkflowSearchAttributesEventAttributes()
        .getSearchAttributes()
        .getIndexedFieldsOrThrow(RunbookSearchAttributes.CONFIG_VERSION.getName())
        .getData()
        .toStringUtf8()
        .replace("\"", "");
  }

  /** The notifier runs right after the timer fires: within a second of test-server time. */
  private static void assertSentAt(Instant expected, FakeCalibrationActivities.Notice notice) {
    assertTrue(
        !notice.at().isBefore(expected) && notice.at().isBefore(expected.plusSeconds(1)),
        notice + " expected at " + expected);
  }

  private static String reason(WorkflowUpdateException e) {
    return e.getCause() instanceof ApplicationFailure failure
        ? failure.getOriginalMessage()
        : String.valueOf(e.getCause().getMessage());
  }

  private static String refused(Executable update) {
    return reason(assertThrows(WorkflowUpdateException.class, update));
  }
}
