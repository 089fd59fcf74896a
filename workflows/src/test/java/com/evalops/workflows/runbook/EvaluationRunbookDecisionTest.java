package com.evalops.workflows.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.RefusalNotice;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.approval.VoteRequest;
import com.evalops.workflows.config.ConfigChangeRequest;
import com.evalops.workflows.notify.Notification;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The decide step: on-call chooses, approvers approve, deadlines end in "no change". */
class EvaluationRunbookDecisionTest {
  private static final Actor ANA = new Actor("oncall-ana", Set.of(Role.ONCALL), "cli");
  private static final Actor BO = new Actor("oncall-bo", Set.of(Role.ONCALL), "cli");
  private static final Actor LEE = new Actor("lead-lee", Set.of(Role.LEADERSHIP), "slack");
  private static final Actor LIA = new Actor("labeler-lia", Set.of(Role.LABELER), "web");

  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(EvaluationRunbookWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  private EvaluationRunbookWorkflow start(
      TestWorkflowEnvironment env,
      WorkflowClient client,
      Worker worker,
      FakeRunbookActivities fake) {
    FakeRunbookActivities.registerSearchAttributes(env);
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
            "v12",
            null,
            "oncall-ana",
            false,
            EvaluationSettings.defaults()));
    waitUntilDeciding(env, workflow);
    return workflow;
  }

  private static void waitUntilDeciding(TestWorkflowEnvironment env, EvaluationRunbookWorkflow wf) {
    for (int i = 0; i < 200 && wf.state().waitingUntil() == null; i++) {
      env.sleep(Duration.ofMillis(10));
    }
  }

  private static EvaluationOutcome result(EvaluationRunbookWorkflow workflow) {
    return WorkflowStub.fromTyped(workflow).getResult(EvaluationOutcome.class);
  }

  private static DecideRequest choose(Actor actor, String action) {
    return new DecideRequest(actor, action, "because", null, null, null);
  }

  private static VoteRequest vote(Actor actor, String requestId, boolean approve) {
    return new VoteRequest(requestId, actor, approve, "ok", actor.id() + "-" + requestId);
  }

  @Test
  void givenStop_whenOncallChoosesNotToShip_thenRecordedWithoutConfigChange(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    FakeRunbookActivities fake = new FakeRunbookActivities("STOP");
    EvaluationRunbookWorkflow workflow = start(env, client, worker, fake);

    workflow.decide(choose(ANA, "do_not_ship"));
    EvaluationOutcome outcome = result(workflow);

    assertEquals("do_not_ship", outcome.decision());
    assertEquals(List.of(), fake.configChanges);
    assertTrue(
        fake.decisions.get(0).participants().stream()
            .anyMatch(
                p -> p.actor().equals("oncall-ana") && p.action().equals("decided do_not_ship")));
  }

  @Test
  void givenThresholdAdjust_whenAnotherOncallApproves_thenAppliedAsNewConfigVersion(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    FakeRunbookActivities fake = new FakeRunbookActivities("REVIEW").recommending(0.9);
    EvaluationRunbookWorkflow workflow = start(env, client, worker, fake);

    workflow.decide(choose(ANA, "threshold_adjust"));
    WorkflowUpdateException ownVote =
        assertThrows(
            WorkflowUpdateException.class,
            () -> workflow.vote(vote(ANA, "run-7/threshold_adjust", true)));
    workflow.vote(vote(BO, "run-7/threshold_adjust", true));
    EvaluationOutcome outcome = result(workflow);

    assertTrue(
        String.valueOf(ownVote.getCause().getMessage()).contains("cannot approve their own"),
        String.valueOf(ownVote.getCause()));
    ConfigChangeRequest applied = fake.configChanges.get(0);
    assertEquals("threshold_adjust", applied.kind());
    assertEquals(0.9, applied.threshold());
    assertEquals(List.of("oncall-bo"), applied.approvedBy());
    assertEquals("applied threshold_adjust as config v12.1", outcome.decision());
    assertEquals("v12", fake.decisions.get(0).configVersion());
    assertEquals("v12.1", fake.decisions.get(0).appliedConfigVersion());
  }

  @Test
  void givenMaterialTemplateDisable_whenLeaderRejects_thenNoChange(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    FakeRunbookActivities fake =
        new FakeRunbookActivities("INVESTIGATE").violating(List.of("refund_status_v1"));
    EvaluationRunbookWorkflow workflow = start(env, client, worker, fake);

    workflow.decide(
        new DecideRequest(ANA, "template_disable", "stop it", null, "refund_status_v1", null));
    assertThrows(
        WorkflowUpdateException.class,
        () -> workflow.vote(vote(BO, "run-7/template_disable", true)),
        "on-call may not approve a material change");
    workflow.vote(vote(LEE, "run-7/template_disable", false));
    EvaluationOutcome outcome = result(workflow);

    assertEquals("no_change", outcome.decision());
    assertEquals(List.of(), fake.configChanges);
    assertTrue(
        fake.notices.stream()
            .anyMatch(
                n -> n.kind().equals("approval_requested") && n.audience().equals("leadership")));
  }

  @Test
  void givenNoDecision_whenDeadlinePasses_thenRemindedEscalatedAndNothingChanges(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    FakeRunbookActivities fake = new FakeRunbookActivities("REVIEW");
    EvaluationRunbookWorkflow workflow = start(env, client, worker, fake);

    EvaluationOutcome outcome = result(workflow);

    assertEquals("no_change", outcome.decision());
    List<String> kinds = fake.notices.stream().map(Notification::kind).toList();
    assertEquals(5, kinds.stream().filter("reminder"::equals).count(), kinds.toString());
    assertTrue(kinds.contains("escalation"), kinds.toString());
  }

  @Test
  void givenLabeler_whenDeciding_thenRefusedNamingTheRole(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    FakeRunbookActivities fake = new FakeRunbookActivities("STOP");
    EvaluationRunbookWorkflow workflow = start(env, client, worker, fake);

    WorkflowUpdateException refused =
        assertThrows(
            WorkflowUpdateException.class, () -> workflow.decide(choose(LIA, "do_not_ship")));
    workflow.recordRefusal(new RefusalNotice(LIA, "decide", "", refused.getCause().getMessage()));
    WorkflowUpdateException unknown =
        assertThrows(
            WorkflowUpdateException.class, () -> workflow.decide(choose(ANA, "rename_intents")));
    workflow.decide(choose(ANA, "no_change"));
    result(workflow);

    assertTrue(refused.getCause().getMessage().contains("ONCALL"), refused.getCause().getMessage());
    assertTrue(unknown.getCause().getMessage().contains("is not one of"));
    assertTrue(
        fake.decisions.get(0).participants().stream()
            .anyMatch(p -> p.actor().equals("labeler-lia") && p.action().equals("refused decide")));
  }
}
