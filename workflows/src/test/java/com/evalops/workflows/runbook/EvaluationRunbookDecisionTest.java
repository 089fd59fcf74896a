package com.evalops.workflows.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import com.evalops.workflows.approval.RequestState;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.approval.VoteRequest;
import com.evalops.workflows.cadence.OpenIncidentRequest;
import com.evalops.workflows.config.ApplyReleaseRequest;
import com.evalops.workflows.notify.Notification;
import com.evalops.workflows.replay.Histories;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

/**
 * The decide step on typed config releases (config-releases.md): on-call's decision becomes a typed
 * change checked when decided, approved on its digest by whom the one materiality rule names, gated
 * by a golden evaluation of the candidate, applied by compare-and-set; deadlines end in "no
 * change". Each test waits for the notice that says the runbook is ready for the next person.
 */
class EvaluationRunbookDecisionTest {
  private static final Actor ANA = new Actor("oncall-ana", Set.of(Role.ONCALL), "cli");
  private static final Actor BO = new Actor("oncall-bo", Set.of(Role.ONCALL), "cli");
  private static final Actor LEE = new Actor("lead-lee", Set.of(Role.LEADERSHIP), "slack");
  private static final Actor LIA = new Actor("labeler-lia", Set.of(Role.LABELER), "web");

  /** Histories recorded on typed decisions, beside the older evaluation histories. */
  private static final String THRESHOLD_HISTORY = "evaluation-run-7-typed-threshold";

  private static final String GATE_HISTORY = "evaluation-run-7-typed-gate-refused";

  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(EvaluationRunbookWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  private FakeDecisionActivities fake;

  private EvaluationRunbookWorkflow start(
      TestWorkflowEnvironment env,
      WorkflowClient client,
      Worker worker,
      FakeRunbookActivities harness) {
    FakeRunbookActivities.registerSearchAttributes(env);
    fake = new FakeDecisionActivities(harness);
    worker.registerActivitiesImplementations(fake);
    env.start();
    EvaluationRunbookWorkflow workflow =
        client.newWorkflowStub(
            EvaluationRunbookWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.evaluation("run-7"))
                .setTaskQueue(worker.getTaskQueue())
                .build());
    WorkflowClient.start(
        workflow::run,
        new StartEvaluationRequest(
            "run-7",
            "evaluation",
            DatasetSelection.golden("v2"),
            FakeDecisionActivities.IN_FORCE,
            null,
            "oncall-ana",
            false,
            EvaluationSettings.defaults()));
    fake.notices.await(1, "decision_needed");
    return workflow;
  }

  @Test
  void
      givenThresholdDecision_whenAnotherOncallApprovesItsDigest_thenAppliedKeepingAChangeThatLanded(
          TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    EvaluationRunbookWorkflow workflow =
        start(env, client, worker, new FakeRunbookActivities("REVIEW").recommending(0.9));

    String recorded =
        workflow.decide(
            new DecideRequest(
                ANA,
                "threshold_adjust",
                "fewer wrong replies",
                0.9,
                null,
                null,
                "card_not_working"));
    Notification asked = fake.notices.await(1, "approval_requested");
    fake.releases.land(
        new ConfigChange(null, List.of(ConfigOperation.disableTemplate("fee_schedule_v1"))),
        "another runbook");
    ApprovalRequest request = workflow.state().approvals().requests().get(0).request();
    String digest = request.evidence().get(ApprovalRequest.CHANGE_DIGEST);
    String otherDigest =
        refused(
            () ->
                workflow.vote(
                    new VoteRequest(
                        request.requestId(), BO, true, "ok", "bo-0", "ab".repeat(32), "")));
    String own = refused(() -> workflow.vote(vote(ANA, request.requestId(), true)));
    RequestState approved =
        workflow.vote(new VoteRequest(request.requestId(), BO, true, "ok", "bo-1", digest, ""));
    EvaluationOutcome outcome = result(workflow);

    assertTrue(recorded.contains("set_threshold(card_not_working, 0.9)"), recorded);
    assertEquals(
        new ConfigChange(null, List.of(ConfigOperation.setThreshold("card_not_working", 0.9)))
            .digest(),
        digest);
    assertEquals(Set.of(Role.ONCALL), request.policy().approverRoles());
    assertEquals("oncall", asked.audience());
    assertEquals("no", request.evidence().get("material"));
    assertTrue(otherDigest.contains("what is approved is what is applied"), otherDigest);
    assertTrue(own.contains("cannot approve their own"), own);
    assertEquals(ApprovalOutcome.APPROVED, approved.outcome());
    RouterConfig current = fake.releases.current();
    assertEquals(0.9, current.thresholdFor("card_not_working"));
    assertFalse(current.templateEnabled("fee_schedule_v1"), "the change that landed was reverted");
    List<String> log = fake.releases.changeLog;
    assertEquals(2, log.size(), log.toString());
    assertTrue(log.get(0).endsWith("disable_template(fee_schedule_v1)"), log.toString());
    assertTrue(log.get(1).endsWith("set_threshold(card_not_working, 0.9)"), log.toString());
    ApplyReleaseRequest apply = fake.applied.get(0);
    assertEquals(digest, apply.approvedDigest());
    assertEquals("oncall-ana", apply.requestedBy());
    assertEquals(List.of("oncall-bo"), apply.approvedBy());
    assertEquals(
        "applied threshold_adjust as config " + current.configVersion(), outcome.decision());
    assertEquals("v12", fake.decision().configVersion());
    assertEquals(current.configVersion(), fake.decision().appliedConfigVersion());
    Histories.recordIfAsked(client, WorkflowIds.evaluation("run-7"), THRESHOLD_HISTORY);
  }

  @Test
  void givenRollbackToAStopConfig_whenDecided_thenTheGateRefusesItAndOncallIsAskedAgain(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    EvaluationRunbookWorkflow workflow =
        start(env, client, worker, new FakeRunbookActivities("STOP"));

    workflow.decide(
        new DecideRequest(
            ANA, "rollback", "back to v14", null, null, FakeDecisionActivities.ROLLBACK_TARGET));
    Notification again = fake.notices.await(2, "decision_needed");
    RunbookState refused = workflow.state();
    workflow.decide(choose(ANA, "no_change"));
    EvaluationOutcome outcome = result(workflow);

    assertTrue(again.text().contains("evaluated STOP in run run-7-gate-1"), again.text());
    assertTrue(
        refused.history().stream().anyMatch(h -> h.startsWith("release gate run-7-gate-1")),
        refused.history().toString());
    assertTrue(refused.approvals().requests().isEmpty(), "a refused candidate is never voted on");
    assertTrue(
        fake.harnessRuns.stream()
            .anyMatch(r -> r.runId().equals("run-7-gate-1") && !r.configVersion().equals("v12")));
    assertEquals("v12", fake.releases.current().configVersion());
    assertEquals("m3", fake.releases.current().modelVersion());
    assertTrue(fake.applied.isEmpty());
    assertEquals("no_change", outcome.decision());
    assertTrue(
        fake.decision().participants().stream()
            .anyMatch(
                p -> String.valueOf(p.comment()).startsWith("rollback not applied: release gate")),
        fake.decision().participants().toString());
    Histories.recordIfAsked(client, WorkflowIds.evaluation("run-7"), GATE_HISTORY);
  }

  @Test
  void givenTemplateDisable_whenOncallApproves_thenRefusedAndLeadershipApprovesTheMaterialChange(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    EvaluationRunbookWorkflow workflow =
        start(
            env,
            client,
            worker,
            new FakeRunbookActivities("INVESTIGATE").violating(List.of("fee_schedule_v1")));

    workflow.decide(
        new DecideRequest(ANA, "template_disable", "stop it", null, "fee_schedule_v1", null));
    Notification asked = fake.notices.await(1, "approval_requested");
    ApprovalRequest request = workflow.state().approvals().requests().get(0).request();
    String oncall = refused(() -> workflow.vote(vote(BO, request.requestId(), true)));
    workflow.vote(vote(LEE, request.requestId(), true));
    EvaluationOutcome outcome = result(workflow);

    assertEquals("leadership", asked.audience());
    assertEquals(Set.of(Role.LEADERSHIP), request.policy().approverRoles());
    assertTrue(
        request.evidence().get("material").contains("customer-facing template fee_schedule_v1"),
        request.evidence().toString());
    assertTrue(oncall.contains("needs LEADERSHIP"), oncall);
    assertFalse(fake.releases.current().templateEnabled("fee_schedule_v1"));
    assertEquals(
        "applied template_disable as config " + fake.releases.current().configVersion(),
        outcome.decision());
  }

  @Test
  void givenAMaterialChangeNobodyApproves_whenWaited_thenEscalatedToThePolicysRolesAndNotApplied(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    EvaluationRunbookWorkflow workflow =
        start(
            env,
            client,
            worker,
            new FakeRunbookActivities("INVESTIGATE").violating(List.of("fee_schedule_v1")));

    workflow.decide(
        new DecideRequest(ANA, "template_disable", "stop it", null, "fee_schedule_v1", null));
    EvaluationOutcome outcome = result(workflow);

    // The shared approval wait escalates to whom the request's policy names (leadership and
    // on-call for a material change), not to a runbook's own choice.
    List<Notification> escalations =
        fake.notices.all().stream().filter(n -> n.kind().equals("escalation")).toList();
    assertEquals(1, escalations.size(), escalations.toString());
    assertEquals("oncall,leadership", escalations.get(0).audience());
    assertTrue(fake.releases.current().templateEnabled("fee_schedule_v1"));
    assertFalse(outcome.decision().startsWith("applied"), outcome.decision());
  }

  @Test
  void givenAnUnknownTemplate_whenDecided_thenRefusedNamingTheFieldAndOncallDecidesAgain(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    EvaluationRunbookWorkflow workflow =
        start(
            env,
            client,
            worker,
            new FakeRunbookActivities("INVESTIGATE").violating(List.of("fee_schedule_v1")));

    String unknown =
        refused(
            () ->
                workflow.decide(
                    new DecideRequest(ANA, "template_disable", "", null, "no_such_v9", null)));
    String missing =
        refused(
            () ->
                workflow.decide(new DecideRequest(ANA, "template_disable", "", null, null, null)));
    RunbookState waiting = workflow.state();
    workflow.decide(choose(ANA, "no_change"));
    EvaluationOutcome outcome = result(workflow);

    assertTrue(unknown.contains("template = \"no_such_v9\""), unknown);
    assertTrue(missing.startsWith("template: "), missing);
    assertEquals("decide", waiting.step());
    assertTrue(
        waiting.history().stream().anyMatch(h -> h.startsWith("refused decide by oncall-ana")),
        waiting.history().toString());
    assertEquals("no_change", outcome.decision());
    assertTrue(fake.applied.isEmpty());
  }

  @Test
  void givenSafeModeDecision_whenRecorded_thenTheIncidentForEveryScopeHoldsItNotThisRun(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    EvaluationRunbookWorkflow workflow =
        start(env, client, worker, new FakeRunbookActivities("INVESTIGATE"));

    workflow.decide(choose(ANA, "safe_mode"));
    EvaluationOutcome outcome = result(workflow);

    OpenIncidentRequest incident = fake.incidents.get(0);
    assertEquals(WorkflowIds.ALL_SCOPES, incident.scope());
    assertTrue(incident.harmPossible());
    assertEquals("evaluation", incident.source());
    assertEquals("evaluation-run-7/safe_mode", incident.alarmId());
    assertEquals("safe_mode held by incident regression-all", outcome.decision());
    assertTrue(fake.releases.current().safeModeScopes().isEmpty(), "this run holds nothing");
    assertTrue(fake.applied.isEmpty());
  }

  @Test
  void givenNoDecision_whenDeadlinePasses_thenRemindedEscalatedAndNothingChanges(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    EvaluationRunbookWorkflow workflow =
        start(env, client, worker, new FakeRunbookActivities("REVIEW"));

    EvaluationOutcome outcome = result(workflow);

    assertEquals("no_change", outcome.decision());
    List<String> kinds = fake.notices.all().stream().map(Notification::kind).toList();
    assertEquals(5, kinds.stream().filter("reminder"::equals).count(), kinds.toString());
    assertTrue(kinds.contains("escalation"), kinds.toString());
  }

  @Test
  void givenLabeler_whenDeciding_thenRefusedNamingTheRole(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    EvaluationRunbookWorkflow workflow =
        start(env, client, worker, new FakeRunbookActivities("STOP"));

    String labeler = refused(() -> workflow.decide(choose(LIA, "do_not_ship")));
    workflow.recordRefusal(new RefusalNotice(LIA, "decide", "", labeler));
    String unknown = refused(() -> workflow.decide(choose(ANA, "rename_intents")));
    workflow.decide(choose(ANA, "do_not_ship"));
    EvaluationOutcome outcome = result(workflow);

    assertTrue(labeler.contains("ONCALL"), labeler);
    assertTrue(unknown.contains("is not one of"), unknown);
    assertEquals("do_not_ship", outcome.decision());
    assertTrue(
        fake.decision().participants().stream()
            .anyMatch(p -> p.actor().equals("labeler-lia") && p.action().equals("refused decide")));
  }

  // --- helpers ---------------------------------------------------------------------------------

  private static EvaluationOutcome result(EvaluationRunbookWorkflow workflow) {
    return WorkflowStub.fromTyped(workflow).getResult(EvaluationOutcome.class);
  }

  private static DecideRequest choose(Actor actor, String action) {
    return new DecideRequest(actor, action, "because", null, null, null);
  }

  private static VoteRequest vote(Actor actor, String requestId, boolean approve) {
    return new VoteRequest(requestId, actor, approve, "ok", actor.id() + "-" + requestId);
  }

  private static String refused(Executable update) {
    WorkflowUpdateException e = assertThrows(WorkflowUpdateException.class, update);
    return e.getCause() instanceof ApplicationFailure failure
        ? failure.getOriginalMessage()
        : String.valueOf(e.getCause().getMessage());
  }
}
