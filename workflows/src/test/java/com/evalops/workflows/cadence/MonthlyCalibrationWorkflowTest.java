package com.evalops.workflows.cadence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.ApprovalOutcome;
import com.evalops.workflows.approval.RefusalNotice;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.approval.VoteRequest;
import com.evalops.workflows.audit.AuditView;
import com.evalops.workflows.audit.DecisionRecord;
import com.evalops.workflows.audit.Participant;
import com.evalops.workflows.audit.RunbookSearchAttributes;
import com.evalops.workflows.replay.Histories;
import com.evalops.workflows.runbook.FakeRunbookActivities;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
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

class MonthlyCalibrationWorkflowTest {
  private static final String MONTH = "2025-12";
  private static final String PROPOSER = "oncall-ana";
  private static final Actor ONCALL_BO = new Actor("oncall-bo", Set.of(Role.ONCALL), "cli");
  private static final Actor LEAD_LEE = new Actor("lead-lee", Set.of(Role.LEADERSHIP), "slack");
  private static final Actor LEAD_KIM = new Actor("lead-kim", Set.of(Role.LEADERSHIP), "slack");

  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(MonthlyCalibrationWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  private FakeCalibrationActivities fake;
  private MonthlyCalibrationWorkflow workflow;

  private void start(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker, CalibrationSummary s) {
    FakeRunbookActivities.registerSearchAttributes(env);
    fake = new FakeCalibrationActivities(env, s);
    worker.registerActivitiesImplementations(fake);
    env.start();
    workflow =
        client.newWorkflowStub(
            MonthlyCalibrationWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.monthlyCalibration(MONTH))
                .setTaskQueue(worker.getTaskQueue())
                .build());
    WorkflowClient.start(
        workflow::run,
        new MonthlyCalibrationRequest(MONTH, 31, PROPOSER, MonthlyCalibrationSettings.defaults()));
  }

  private CalibrationReport result() {
    return WorkflowStub.fromTyped(workflow).getResult(CalibrationReport.class);
  }

  /** Time stands still until the test waits for the result, so polling cannot miss a deadline. */
  private void awaitApprovalRequest() {
    for (int i = 0; i < 200; i++) {
      CalibrationState state = workflow.state();
      if (!state.approval().pending().isEmpty()) {
        return;
      }
      sleep();
    }
    throw new AssertionError("no approval request: " + workflow.state());
  }

  private static VoteRequest vote(Actor actor, boolean approve) {
    return new VoteRequest("monthly-2025-12/approval", actor, approve, "looked at it", "");
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
    assertTrue(fake.applied.isEmpty());
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
  void givenOncallChange_whenAnotherOncallApproves_thenAppliedAndLogged(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    start(env, client, worker, FakeCalibrationActivities.oncallChange());
    awaitApprovalRequest();
    assertEquals(Set.of(Role.ONCALL), workflow.state().approval().pending().get(0).waitingFor());

    workflow.vote(vote(ONCALL_BO, true));
    CalibrationReport report = result();

    assertEquals("applied", report.decision());
    assertEquals("APPROVED", report.approvalOutcome());
    assertEquals("v12-cal-2025-12", report.newConfigVersion());
    ApplyProposalRequest applied = fake.applied.get(0);
    assertEquals(List.of("oncall-bo"), applied.approvedBy());
    assertEquals(PROPOSER, applied.requestedBy());
    assertEquals("monthly-calibration-2025-12/change", applied.changeId());
    DecisionRecord decision = fake.decisions.get(0);
    assertEquals("monthly-calibration-2025-12/decision", decision.entryId());
    assertEquals("v12", decision.configVersion());
    assertEquals("v12-cal-2025-12", decision.appliedConfigVersion());
    Participant approver =
        decision.participants().stream()
            .filter(p -> p.action().equals("approve_vote"))
            .findFirst()
            .orElseThrow();
    assertEquals("oncall-bo", approver.actor());
    assertEquals("oncall", approver.role());
    assertEquals("cli", approver.channel());
    assertEquals(
        "v12-cal-2025-12",
        client
            .fetchHistory(WorkflowIds.monthlyCalibration(MONTH))
            .getHistory()
            .getEventsList()
            .stream()
            .filter(e -> e.hasUpsertWorkflowSearchAttributesEventAttributes())
            .reduce((a, b) -> b)
            .orElseThrow()
            .getUpsertWorkflowSearchAttributesEventAttributes()
            .getSearchAttributes()
            .getIndexedFieldsOrThrow(RunbookSearchAttributes.CONFIG_VERSION.getName())
            .getData()
            .toStringUtf8()
            .replace("\"", ""));
    Histories.recordIfAsked(client, WorkflowIds.monthlyCalibration(MONTH));
  }

  @Test
  void givenMaterialChange_whenApproved_thenDetailsCountVotesAndMemoShowsDecisionWithoutPeople(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    start(env, client, worker, FakeCalibrationActivities.materialChange());
    awaitApprovalRequest();
    String id = WorkflowIds.monthlyCalibration(MONTH);
    // The request is pending while the approval notice is still being sent; the details say
    // "waiting" once the workflow waits for the votes.
    String beforeVotes = AuditView.details(client, id);
    for (int i = 0; i < 200 && !beforeVotes.startsWith("waiting for"); i++) {
      sleep();
      beforeVotes = AuditView.details(client, id);
    }
    workflow.vote(vote(LEAD_LEE, true));
    String afterOne = AuditView.details(client, id);
    workflow.vote(vote(LEAD_KIM, true));

    CalibrationReport report = result();

    assertTrue(
        beforeVotes.startsWith(
            "waiting for leadership approval of monthly-2025-12/proposal: 2 more needed, until"),
        beforeVotes);
    assertTrue(afterOne.contains(": 1 more needed, until"), afterOne);
    Map<String, String> memo = AuditView.memo(env, id);
    assertEquals("monthly", memo.get("kind"));
    assertEquals(MONTH, memo.get("month"));
    assertEquals("v12", memo.get("config_version"));
    assertEquals("monthly-2025-12/proposal", memo.get("proposal"));
    assertEquals("true", memo.get("material"));
    assertEquals("APPROVED", memo.get("approval"));
    assertEquals("applied", memo.get("decision"));
    assertEquals(report.newConfigVersion(), memo.get("new_config_version"));
    List<String> summaries = AuditView.activitySummaries(client, id);
    assertTrue(
        summaries.containsAll(
            List.of(
                "production inputs for " + MONTH,
                "calibration of the routing log from 2025-12-01T00:00:00Z to"
                    + " 2026-01-01T00:00:00Z under config v12",
                "apply monthly-2025-12/proposal to config v12",
                "decision log: monthly calibration " + MONTH + ", applied")),
        summaries.toString());
    assertTrue(AuditView.details(client, id).startsWith("done: applied as config "));
    AuditView.assertNoneMentions(List.copyOf(memo.values()), PROPOSER, "lead-lee", "lead-kim");
    AuditView.assertNoneMentions(summaries, PROPOSER, "lead-lee", "lead-kim");
  }

  @Test
  void givenMaterialChange_whenTwoLeadersApprove_thenApplied(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    start(env, client, worker, FakeCalibrationActivities.materialChange());
    awaitApprovalRequest();
    assertTrue(workflow.state().proposal().material());

    WorkflowUpdateException oncall =
        assertThrows(WorkflowUpdateException.class, () -> workflow.vote(vote(ONCALL_BO, true)));
    workflow.vote(vote(LEAD_LEE, true));
    assertEquals(1, workflow.state().approval().pending().get(0).approvalsStillNeeded());
    workflow.vote(vote(LEAD_KIM, true));
    CalibrationReport report = result();

    assertTrue(reason(oncall).contains("LEADERSHIP"), reason(oncall));
    assertEquals("applied", report.decision());
    assertEquals(List.of("lead-lee", "lead-kim"), fake.applied.get(0).approvedBy());
    assertTrue(report.proposal().releasePlan().get(0).stage().equals("staging"));
    assertTrue(
        report.proposal().monitoringChecklist().stream()
            .anyMatch(c -> c.startsWith("Tier 0 false negatives = 0")));
  }

  @Test
  void givenProposerVote_whenSubmitted_thenRefusedWithReasonAndRecordedOnRequest(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    start(env, client, worker, FakeCalibrationActivities.oncallChange());
    awaitApprovalRequest();
    VoteRequest own = vote(new Actor(PROPOSER, Set.of(Role.ONCALL), "cli"), true);

    WorkflowUpdateException refused =
        assertThrows(WorkflowUpdateException.class, () -> workflow.vote(own));
    workflow.recordRefusal(
        new RefusalNotice(own.actor(), "vote", own.requestId(), reason(refused)));

    assertTrue(reason(refused).contains("proposer cannot approve"), reason(refused));
    CalibrationState state = pollUntilRefusalRecorded();
    assertEquals(PROPOSER, state.approval().refusals().get(0).actor().id());
    assertEquals(1, state.approval().pending().size(), "the refused vote changed nothing");
    workflow.vote(vote(ONCALL_BO, false));
    CalibrationReport report = result();
    assertTrue(
        fake.decisions.get(0).participants().stream()
            .anyMatch(p -> p.action().equals("refused") && p.actor().equals(PROPOSER)));
    assertEquals("REJECTED", report.approvalOutcome());
  }

  @Test
  void givenRejection_whenVoted_thenNoChangeIsApplied(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    start(env, client, worker, FakeCalibrationActivities.oncallChange());
    awaitApprovalRequest();

    workflow.vote(vote(ONCALL_BO, false));
    CalibrationReport report = result();

    assertEquals("no_change", report.decision());
    assertEquals("REJECTED", report.approvalOutcome());
    assertNull(report.newConfigVersion());
    assertTrue(fake.applied.isEmpty());
    assertEquals("v12", fake.decisions.get(0).configVersion());
    assertTrue(report.reasons().contains("approval REJECTED: no change is applied"));
  }

  @Test
  void givenConfigMovedWhileWaiting_whenApproved_thenNoChangeNamesTheConflict(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    start(env, client, worker, FakeCalibrationActivities.oncallChange());
    fake.configMoved = true;
    awaitApprovalRequest();

    workflow.vote(vote(ONCALL_BO, true));
    CalibrationReport report = result();

    assertEquals("no_change", report.decision());
    assertEquals("APPROVED", report.approvalOutcome());
    assertNull(report.newConfigVersion());
    assertTrue(
        report.reasons().stream().anyMatch(r -> r.contains("moved from v12 to v13")),
        report.reasons().toString());
    assertEquals("no_change", fake.decisions.get(0).decision());
  }

  @Test
  void givenNoVotes_whenDeadlinePasses_thenRemindedEscalatedExpiredAndNoChange(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    start(env, client, worker, FakeCalibrationActivities.oncallChange());
    awaitApprovalRequest();
    Instant requested =
        workflow.state().approval().pending().get(0).until().minus(Duration.ofDays(3));

    CalibrationReport report = result();

    assertEquals("no_change", report.decision());
    assertEquals("EXPIRED", report.approvalOutcome());
    assertTrue(fake.applied.isEmpty());
    List<String> kinds = fake.notices.stream().map(n -> n.notification().kind()).toList();
    assertEquals(List.of("approval_requested", "reminder", "escalation", "decision"), kinds);
    assertSentAt(requested.plus(Duration.ofDays(1)), fake.notices.get(1));
    assertEquals("oncall", fake.notices.get(1).notification().audience());
    assertSentAt(requested.plus(Duration.ofDays(2)), fake.notices.get(2));
    assertEquals("leadership", fake.notices.get(2).notification().audience());
    assertSentAt(requested.plus(Duration.ofDays(3)), fake.notices.get(3));
    assertEquals(ApprovalOutcome.EXPIRED.name(), fake.decisions.get(0).verdict());
  }

  /** The notifier runs right after the timer fires: within a second of test-server time. */
  private static void assertSentAt(Instant expected, FakeCalibrationActivities.Notice notice) {
    assertTrue(
        !notice.at().isBefore(expected) && notice.at().isBefore(expected.plusSeconds(1)),
        notice + " expected at " + expected);
  }

  private CalibrationState pollUntilRefusalRecorded() {
    for (int i = 0; i < 200; i++) {
      CalibrationState state = workflow.state();
      if (!state.approval().refusals().isEmpty()) {
        return state;
      }
      sleep();
    }
    throw new AssertionError("refusal not recorded: " + workflow.state());
  }

  private static String reason(WorkflowUpdateException e) {
    return String.valueOf(e.getCause().getMessage());
  }

  private static void sleep() {
    try {
      Thread.sleep(25);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
