package com.evalops.workflows.incident;

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
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.approval.SubmitLabelRequest;
import com.evalops.workflows.approval.VoteRequest;
import com.evalops.workflows.runbook.EvaluationRunbookWorkflowImpl;
import com.evalops.workflows.runbook.FakeRunbookActivities;
import com.evalops.workflows.testing.Await;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

/**
 * The failures users found in config changes (config-releases.md), each at workflow level with the
 * in-memory release store of {@link FakeIncidentActivities}: lost updates between incidents, one
 * global safe mode, a STOP config shipped, approved not applied, apply failures that failed the
 * runbook.
 */
class IncidentConfigReleaseTest {
  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(
              RegressionIncidentWorkflowImpl.class, EvaluationRunbookWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  private static final Actor ANA = new Actor("oncall-ana", Set.of(Role.ONCALL), "cli");
  private static final Actor BEN = new Actor("oncall-ben", Set.of(Role.ONCALL), "slack");
  private static final Actor LI = new Actor("labeler-li", Set.of(Role.LABELER), "web");
  private static final Actor LEAD_1 = new Actor("lead-1", Set.of(Role.LEADERSHIP), "slack");
  private static final Actor LEAD_2 = new Actor("lead-2", Set.of(Role.LEADERSHIP), "slack");

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private Worker worker;
  private FakeIncidentActivities fake;

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    this.env = env;
    this.client = client;
    this.worker = worker;
    fake = new FakeIncidentActivities(env, "PASS");
    FakeRunbookActivities.registerSearchAttributes(env);
    worker.registerActivitiesImplementations(fake);
    env.start();
  }

  @Test
  void givenTwoIncidents_whenTheSecondAppliesOnAMovedConfig_thenBothChangesAndBothHoldsSurvive() {
    RegressionIncidentWorkflow billing = walkToProposal("billing");
    RegressionIncidentWorkflow cards = walkToProposal("cards");
    ProposalReceipt cardsReceipt =
        cards.proposeMitigation(propose(ConfigOperation.setThreshold("card_not_working", 0.9)));
    ProposalReceipt billingReceipt =
        billing.proposeMitigation(propose(ConfigOperation.disableTemplate("fee_schedule_v1")));
    billing.vote(vote(billingReceipt.requestId(), LEAD_1));
    billing.vote(vote(billingReceipt.requestId(), LEAD_2));
    await(billing, IncidentConfigReleaseTest::mitigated);

    cards.vote(vote(cardsReceipt.requestId(), BEN));
    await(cards, IncidentConfigReleaseTest::mitigated);

    RouterConfig current = fake.releases.current();
    assertFalse(current.templateEnabled("fee_schedule_v1"), "billing's change was reverted");
    assertEquals(0.9, current.thresholdFor("card_not_working"));
    assertEquals(Set.of("billing", "cards"), current.safeModeScopes().keySet());
    List<String> log = fake.releases.changeLog;
    assertEquals(4, log.size(), log.toString());
    assertTrue(log.get(2).endsWith("disable_template(fee_schedule_v1)"), log.toString());
    assertTrue(log.get(3).endsWith("set_threshold(card_not_working, 0.9)"), log.toString());
    assertTrue(log.get(3).startsWith(log.get(2).split(" -> ")[1].split(":")[0]), log.toString());
  }

  @Test
  void givenTwoHolds_whenOneIncidentLeavesSafeMode_thenTheOtherScopeStaysRouteOnly() {
    RegressionIncidentWorkflow billing = walkToProposal("billing");
    RegressionIncidentWorkflow cards = walkToProposal("cards");
    ProposalReceipt m =
        billing.proposeMitigation(propose(ConfigOperation.setThreshold("fee_schedule", 0.95)));
    billing.vote(vote(m.requestId(), BEN));
    gatherRechecks(billing, 1, 2);
    nameCleanQaWindow(billing);

    ProposalReceipt exit = billing.requestSafeModeExit(new SafeModeExitRequest(ANA, "stable"));
    billing.vote(vote(exit.requestId(), LEAD_1));
    billing.vote(vote(exit.requestId(), LEAD_2));
    IncidentReport report = WorkflowStub.fromTyped(billing).getResult(IncidentReport.class);

    assertFalse(report.safeModeOn());
    assertEquals(List.of("release_safe_mode(billing, " + report.incidentId() + ")"), exitChange());
    RouterConfig current = fake.releases.current();
    assertEquals(Set.of("cards"), current.safeModeScopes().keySet());
    assertTrue(current.routeOnly("card_not_working", "cards"));
    assertFalse(current.routeOnly("fee_schedule", "billing"));
    assertTrue(cards.state().safeMode());
  }

  @Test
  void givenRollbackToAStopConfig_whenTheGateEvaluatesIt_thenRefusedAndBackToTheProposal() {
    RegressionIncidentWorkflow incident = walkToProposal("billing");
    String before = fake.releases.current().configVersion();

    ProposalReceipt receipt =
        incident.proposeMitigation(
            propose(ConfigOperation.rollbackTo(FakeIncidentActivities.ROLLBACK_TARGET)));
    IncidentState back =
        await(incident, s -> "mitigation_proposal".equals(s.step()) && !s.findings().isEmpty());

    assertEquals("EVALUATE", receipt.gate());
    assertNull(receipt.deadline(), "no vote opens before the candidate is evaluated");
    assertTrue(receipt.materialReasons().contains("changes model_version: m3 -> m5"));
    String finding = back.findings().get(back.findings().size() - 1);
    assertTrue(finding.contains("evaluated STOP in run " + back.incidentId() + "-gate-1"), finding);
    assertTrue(back.approvals().requests().isEmpty(), "a refused candidate is never put to a vote");
    assertEquals(before, fake.releases.current().configVersion());
    assertEquals("m3", fake.releases.current().modelVersion());

    ProposalReceipt next =
        incident.proposeMitigation(propose(ConfigOperation.disableTemplate("fee_schedule_v1")));
    assertEquals("mitigation-2", next.requestId());
  }

  @Test
  void givenThresholdOnALeadershipIntent_whenProposed_thenMaterialAndOncallCannotApprove() {
    RegressionIncidentWorkflow incident = walkToProposal("billing");

    ProposalReceipt receipt =
        incident.proposeMitigation(propose(ConfigOperation.setThreshold("fraud_report", 0.95)));
    String reason = refused(() -> incident.vote(vote(receipt.requestId(), BEN)));

    assertTrue(receipt.material());
    assertEquals(
        List.of("touches leadership_approval intent fraud_report"), receipt.materialReasons());
    assertTrue(reason.contains("needs LEADERSHIP"), reason);
  }

  @Test
  void givenUnknownTemplate_whenProposed_thenRefusedNamingTheFieldAndNothingIsPutToAVote() {
    RegressionIncidentWorkflow incident = walkToProposal("billing");

    String reason =
        refused(
            () ->
                incident.proposeMitigation(
                    propose(ConfigOperation.disableTemplate("no_such_template"))));

    assertTrue(reason.contains("operations[0].target = \"no_such_template\""), reason);
    IncidentState state = incident.state();
    assertEquals("mitigation_proposal", state.step());
    assertTrue(state.approvals().requests().isEmpty());
  }

  @Test
  void givenAVoteForAnotherDigest_whenCast_thenRefused() {
    RegressionIncidentWorkflow incident = walkToProposal("billing");
    ProposalReceipt receipt =
        incident.proposeMitigation(propose(ConfigOperation.setThreshold("fee_schedule", 0.95)));

    String reason =
        refused(
            () ->
                incident.vote(
                    new VoteRequest(
                        receipt.requestId(), BEN, true, "ok", null, "ab".repeat(32), "")));

    assertTrue(reason.contains("what is approved is what is applied"), reason);
  }

  @Test
  void givenTheStoreRefusesTheApply_whenApproved_thenBackToTheProposalWithTheHoldKept() {
    RegressionIncidentWorkflow incident = walkToProposal("billing");
    fake.failNextApply = "the config store is read-only";
    ProposalReceipt first =
        incident.proposeMitigation(propose(ConfigOperation.setThreshold("fee_schedule", 0.95)));

    incident.vote(vote(first.requestId(), BEN));
    IncidentState back =
        await(incident, s -> "mitigation_proposal".equals(s.step()) && !s.findings().isEmpty());
    ProposalReceipt second =
        incident.proposeMitigation(propose(ConfigOperation.setThreshold("fee_schedule", 0.95)));
    incident.vote(vote(second.requestId(), BEN));
    await(incident, IncidentConfigReleaseTest::mitigated);

    assertTrue(
        back.findings().get(0).contains("the config store is read-only"),
        back.findings().toString());
    assertTrue(back.safeMode());
    assertTrue(fake.releases.current().safeModeScopes().containsKey("billing"));
    assertEquals(0.95, fake.releases.current().thresholdFor("fee_schedule"));
  }

  @Test
  void givenTheCandidateEvaluatesReview_whenLeadersApprove_thenOnlyAnAcknowledgingVoteCounts() {
    fake.verdictByModel.put("m4", "REVIEW");
    RegressionIncidentWorkflow incident = walkToProposal("billing");
    ProposalReceipt receipt = incident.proposeMitigation(propose(ConfigOperation.setModel("m4")));
    await(incident, s -> "mitigation_approval".equals(s.step()));

    String plain = refused(() -> incident.vote(vote(receipt.requestId(), LEAD_1)));
    incident.vote(acknowledging(receipt.requestId(), LEAD_1));
    incident.vote(acknowledging(receipt.requestId(), LEAD_2));
    await(incident, IncidentConfigReleaseTest::mitigated);

    assertTrue(plain.contains("acknowledgement of its candidate evaluation's REVIEW"), plain);
    assertEquals("m4", fake.releases.current().modelVersion());
    assertTrue(fake.releases.current().safeModeScopes().containsKey("billing"));
  }

  @Test
  void givenAConflictingChangeLandsFirst_whenApproved_thenBackToTheApproversWithBothValues() {
    RegressionIncidentWorkflow incident = walkToProposal("billing");
    ProposalReceipt receipt =
        incident.proposeMitigation(propose(ConfigOperation.setThreshold("fee_schedule", 0.95)));
    fake.releases.land(
        new ConfigChange(null, List.of(ConfigOperation.setThreshold("fee_schedule", 0.9))),
        "another incident");

    incident.vote(vote(receipt.requestId(), BEN));
    IncidentState again =
        await(
            incident,
            s -> s.approvals().pending().stream().anyMatch(p -> p.requestId().endsWith("-r1")));

    assertTrue(
        again.history().stream()
            .anyMatch(
                h ->
                    h.contains("back to the approvers")
                        && h.contains("now 0.9")
                        && h.contains("proposed 0.95")),
        again.history().toString());
    assertEquals(0.9, fake.releases.current().thresholdFor("fee_schedule"));

    incident.vote(vote(receipt.requestId() + "-r1", BEN));
    await(incident, IncidentConfigReleaseTest::mitigated);
    assertEquals(0.95, fake.releases.current().thresholdFor("fee_schedule"));
  }

  @Test
  void givenAnotherIncidentMovedTheConfig_whenBillingAsksToExit_thenOnlyEvidenceUnderItCounts() {
    RegressionIncidentWorkflow billing = walkToProposal("billing");
    ProposalReceipt m =
        billing.proposeMitigation(propose(ConfigOperation.setThreshold("fee_schedule", 0.95)));
    billing.vote(vote(m.requestId(), BEN));
    gatherRechecks(billing, 1, 2);
    String mitigated = billing.state().configVersion();
    walkToProposal("cards");
    String inForce = fake.releases.current().configVersion();
    // A daily QA run that started before billing learned of the cards hold: not after the change.
    nameQaWindow(billing, Instant.ofEpochMilli(env.currentTimeMillis()).minusSeconds(1));

    String stale =
        refused(() -> billing.requestSafeModeExit(new SafeModeExitRequest(ANA, "stable")));
    gatherRechecks(billing, 3, 4);
    IncidentState ready = billing.state();

    // The golden recheck under the new config may or may not have run yet; the rechecks have not.
    assertTrue(
        stale.contains(
            "0 of 2 consecutive passing rechecks of fresh production samples under config "
                + inForce),
        stale);
    assertTrue(stale.contains("before config " + inForce + " became current"), stale);
    assertEquals(inForce, ready.configVersion());
    assertEquals(
        List.of(mitigated, mitigated, inForce, inForce),
        ready.rechecks().stream().map(ProductionRecheck::configInForce).toList());
    assertTrue(
        ready.evaluations().stream()
            .anyMatch(e -> e.dataset().equals("golden") && e.configVersion().equals(inForce)),
        ready.evaluations().toString());
  }

  // --- helpers ---------------------------------------------------------------------------------

  private List<String> exitChange() {
    return fake.released.stream()
        .map(r -> r.change().describe())
        .filter(d -> d.startsWith("release_safe_mode"))
        .toList();
  }

  private RegressionIncidentWorkflow walkToProposal(String scope) {
    IncidentStarter.startOrJoin(
        client,
        worker.getTaskQueue(),
        new StartRegressionRequest(
            scope, "quality-drop", true, ANA, 10, 7, "v2", "v12", Set.of(), null),
        new AlarmNotice(scope, "quality-drop", "webhook", "macro F1 0.81 < 0.88"));
    RegressionIncidentWorkflow incident =
        client.newWorkflowStub(RegressionIncidentWorkflow.class, WorkflowIds.regression(scope));
    await(incident, s -> "labeling".equals(s.step()));
    for (String ticket : FakeIncidentActivities.TICKETS) {
      incident.submitLabel(
          new SubmitLabelRequest(ticket, LI, true, true, false, null, null, null, null, null));
    }
    await(incident, s -> "mitigation_proposal".equals(s.step()));
    return incident;
  }

  private static MitigationProposal propose(ConfigOperation operation) {
    return MitigationProposal.typed(ANA, "from the incident's evaluations", List.of(operation));
  }

  private static VoteRequest vote(String requestId, Actor actor) {
    return new VoteRequest(requestId, actor, true, "ok", null);
  }

  private static VoteRequest acknowledging(String requestId, Actor actor) {
    return new VoteRequest(requestId, actor, true, "seen the REVIEW", null, "", "REVIEW");
  }

  /** After the mitigation decision: gathering exit evidence or waiting for the exit request. */
  private static boolean mitigated(IncidentState s) {
    return "safe_mode_exit".equals(s.step()) || "recheck".equals(s.step());
  }

  /** Labels recheck samples {@code first} to {@code last} clean and waits until all are scored. */
  private static void gatherRechecks(RegressionIncidentWorkflow incident, int first, int last) {
    for (int round = first; round <= last; round++) {
      String sample = "recheck-" + incident.state().incidentId() + "-" + round;
      IncidentState labeling =
          await(
              incident,
              s ->
                  "recheck".equals(s.step())
                      && s.labeling().sample().sampleId().equals(sample)
                      && s.labeling().closedAt() == null);
      for (String ticket : labeling.labeling().sample().ticketIds()) {
        incident.submitLabel(
            new SubmitLabelRequest(ticket, LI, true, true, false, null, null, null, null, null));
      }
    }
    await(incident, s -> "safe_mode_exit".equals(s.step()) && s.rechecks().size() == last);
  }

  /** A daily QA run started now, fully reviewed, clean and right, named as QA window. */
  private void nameCleanQaWindow(RegressionIncidentWorkflow incident) {
    nameQaWindow(incident, Instant.ofEpochMilli(env.currentTimeMillis()));
  }

  /** A daily QA run started at {@code openedAt}, fully reviewed, clean and right. */
  private void nameQaWindow(RegressionIncidentWorkflow incident, Instant openedAt) {
    String id = "daily-qa-" + incident.state().incidentId();
    fake.dailyQaRuns.put(id, new QaWindowEvidence(id, "qa", openedAt, 20, 20, 0, 20, 20));
    incident.recordQaWindow(new QaWindowNotice(LI, null, 0, 0, id));
  }

  private static String refused(Executable update) {
    WorkflowUpdateException e = assertThrows(WorkflowUpdateException.class, update);
    return String.valueOf(e.getCause().getMessage());
  }

  /** The workflow runs on its own; wait (in wall-clock time) until its state satisfies a test. */
  private static IncidentState await(
      RegressionIncidentWorkflow incident, Predicate<IncidentState> reached) {
    return Await.until("the incident's expected state", incident::state, reached);
  }
}
