package com.evalops.workflows.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.harness.release.ConfigOperation;
import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.ApprovalOutcome;
import com.evalops.workflows.approval.Decision;
import com.evalops.workflows.approval.LabelingProgress;
import com.evalops.workflows.approval.RefusalNotice;
import com.evalops.workflows.approval.RequestState;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.approval.SubmitLabelRequest;
import com.evalops.workflows.approval.VoteRequest;
import com.evalops.workflows.audit.AuditView;
import com.evalops.workflows.audit.DecisionRecord;
import com.evalops.workflows.replay.Histories;
import com.evalops.workflows.runbook.EvaluationRunbookWorkflowImpl;
import com.evalops.workflows.runbook.FakeRunbookActivities;
import com.evalops.workflows.testing.Await;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.History;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

/**
 * The regression incident's branches, with the stores, harness, Decision Log and notifier replaced
 * by {@link FakeIncidentActivities}. Time skipping stands in for the hours people take.
 */
class RegressionIncidentWorkflowTest {
  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(
              RegressionIncidentWorkflowImpl.class, EvaluationRunbookWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  private static final String SCOPE = "billing";
  private static final String ID = WorkflowIds.regression(SCOPE);
  private static final Actor ANA = new Actor("oncall-ana", Set.of(Role.ONCALL), "cli");
  private static final Actor BEN = new Actor("oncall-ben", Set.of(Role.ONCALL), "slack");
  private static final Actor LI = new Actor("labeler-li", Set.of(Role.LABELER), "web");
  private static final Actor MO = new Actor("labeler-mo", Set.of(Role.LABELER), "web");
  private static final Actor LEAD_1 = new Actor("lead-1", Set.of(Role.LEADERSHIP), "slack");
  private static final Actor LEAD_2 = new Actor("lead-2", Set.of(Role.LEADERSHIP), "slack");
  private static final Actor AUDITOR = new Actor("auditor-al", Set.of(Role.AUDITOR), "web");

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private Worker worker;
  private FakeIncidentActivities fake;
  private RegressionIncidentWorkflow incident;
  private WorkflowExecution opened;

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    this.env = env;
    this.client = client;
    this.worker = worker;
  }

  // --- opening ---------------------------------------------------------------------------------

  @Test
  void givenHarmPossible_whenIncidentOpens_thenSafeModeGoesOnBeforeAnythingElse() {
    start(true);
    awaitStep("labeling");

    assertEquals(
        List.of(
            "prepare hold_safe_mode(billing, " + own() + ")",
            "apply hold_safe_mode(billing, " + own() + ")",
            "pullProblemTickets"),
        fake.calls);
    IncidentState state = incident.state();
    assertTrue(state.safeMode());
    assertEquals("v13", state.configVersion());
    assertEquals(
        Map.of("billing", new java.util.TreeSet<>(Set.of(own()))),
        fake.releases.current().safeModeScopes());
    assertEquals(Boolean.TRUE, attribute("EvalopsSafeMode", Boolean.class));
    assertEquals("regression", attribute("EvalopsRunbookKind", String.class));
    assertEquals(SCOPE, attribute("EvalopsIncidentScope", String.class));
  }

  @Test
  void givenNoHarm_whenIncidentRuns_thenSafeModeIsNeverTouched() {
    walkToProposal(false);
    incident.proposeMitigation(thresholds());
    incident.vote(vote("mitigation-1", BEN, true));

    IncidentReport report = result();

    assertFalse(report.safeModeEntered());
    assertFalse(fake.releases.current().anySafeMode());
    assertEquals(List.of("v12", "v13"), report.configVersions());
  }

  @Test
  void givenSecondAlarmForSameScope_whenStartOrJoin_thenOneIncidentRecordsBoth() {
    start(true);
    WorkflowExecution second =
        IncidentStarter.startOrJoin(
            client,
            worker.getTaskQueue(),
            request(true),
            new AlarmNotice(SCOPE, "csat-drop", "webhook", "csat 3.1 < 3.5"));
    // The second alarm is a signal and the hold an activity: wait until both have been recorded.
    IncidentState state =
        awaitState(s -> "labeling".equals(s.step()) && s.safeMode() && s.alarms().size() >= 2);
    List<String> holds =
        Await.until(
            "the safe-mode hold applied",
            () -> fake.calls.stream().filter(c -> c.startsWith("apply hold_safe_mode")).toList(),
            applied -> !applied.isEmpty());

    assertEquals(opened.getRunId(), second.getRunId());
    assertEquals(
        List.of("quality-drop", "csat-drop"),
        state.alarms().stream().map(AlarmNotice::alarmName).toList());
    assertEquals(1, holds.size(), fake.calls.toString());
  }

  // --- labeling --------------------------------------------------------------------------------

  @Test
  void givenLabelForTicketOutsideSample_whenSubmitted_thenRefused() {
    start(false);
    awaitStep("labeling");

    String reason = refused(() -> incident.submitLabel(label("t99", LI, false)));

    assertTrue(reason.contains("ticket t99 is not in labeling sample"), reason);
    assertEquals(0, incident.state().labeling().progress().labels());
  }

  @Test
  void givenLabeling_whenLabelsArrive_thenDetailsCountThemAgainstTheDeadline() {
    start(false);
    awaitStep("labeling");
    // The details reach the server with the workflow task that set them: wait for them.
    String before =
        Await.until(
            "the labeling details",
            () -> AuditView.details(client, ID),
            d -> d.startsWith("waiting for labelers"));

    incident.submitLabel(label("t01", LI, false));

    assertTrue(
        before.startsWith("waiting for labelers: 0 of 10 labeled, quorum not reached, until"),
        before);
    String after =
        Await.until(
            "the details after one label",
            () -> AuditView.details(client, ID),
            d -> !d.equals(before));
    assertTrue(after.startsWith("waiting for labelers: 1 of 10 labeled"), after);
  }

  @Test
  void givenAuditor_whenLabeling_thenRefusedWhileLabelerIsAccepted() {
    start(false);
    awaitStep("labeling");

    String reason = refused(() -> incident.submitLabel(label("t01", AUDITOR, false)));
    LabelingProgress progress = incident.submitLabel(label("t01", LI, false));

    assertTrue(reason.contains("labeling needs LABELER or ONCALL"), reason);
    assertEquals(1, progress.labeledTickets());
  }

  @Test
  void givenQuorumAtDeadline_whenDeadlinePasses_thenProceedsAfterHourlyReminders() {
    start(false);
    awaitStep("labeling");
    for (String ticket : FakeIncidentActivities.TICKETS.subList(0, 6)) {
      incident.submitLabel(label(ticket, LI, false));
    }

    env.sleep(Duration.ofHours(4).plusMinutes(1));
    awaitStep("mitigation_proposal");

    assertEquals(List.of(1L, 2L, 3L), fake.hoursOf("reminder"));
    assertTrue(fake.sent("escalation").isEmpty());
    assertTrue(fake.calls.contains("writeLabeledSample(6)"), fake.calls.toString());
    assertTrue(incident.state().findings().isEmpty(), incident.state().findings().toString());
  }

  @Test
  void givenNoQuorum_whenDeadlinePasses_thenEscalatedToOncallAndProceedsWithWhatIsLabeled() {
    start(false);
    awaitStep("labeling");
    incident.submitLabel(label("t01", LI, false));
    incident.submitLabel(label("t02", MO, false));

    env.sleep(Duration.ofHours(4).plusMinutes(1));
    awaitStep("mitigation_proposal");

    List<FakeIncidentActivities.Sent> escalations = fake.sent("escalation");
    assertEquals(1, escalations.size());
    assertEquals("oncall", escalations.get(0).notice().audience());
    assertEquals(3L, escalations.get(0).after().toHours());
    IncidentState state = incident.state();
    assertTrue(
        state.findings().get(0).contains("without quorum (2 of 10 labeled)"),
        state.findings().toString());
    assertEquals(
        List.of("sample", "golden"),
        state.evaluations().stream().map(EvaluationSummary::dataset).toList());
  }

  @Test
  void givenNoLabelsAtAll_whenDeadlinePasses_thenOnlyTheGoldenSetIsEvaluated() {
    start(false);
    awaitStep("labeling");

    env.sleep(Duration.ofHours(4).plusMinutes(1));
    awaitStep("mitigation_proposal");

    IncidentState state = incident.state();
    assertEquals(
        List.of("golden"), state.evaluations().stream().map(EvaluationSummary::dataset).toList());
    assertTrue(state.findings().get(0).contains("no labels"), state.findings().toString());
  }

  @Test
  void givenLabelerFlagsSafetyViolation_whenLabelingCloses_thenItIsAFinding() {
    walkToProposal(false, "t04");

    assertEquals(
        List.of("safety violation flagged by a labeler on ticket t04"),
        incident.state().findings());
  }

  // --- mitigation ------------------------------------------------------------------------------

  @Test
  void givenNonMaterialMitigation_whenAnotherOncallApproves_thenAppliedAsNewConfig() {
    walkToProposal(false);

    ProposalReceipt receipt = incident.proposeMitigation(thresholds());
    RequestState decided = incident.vote(vote("mitigation-1", BEN, true));
    IncidentReport report = result();

    assertFalse(receipt.material());
    assertEquals(Set.of(Role.ONCALL), receipt.approverRoles());
    assertEquals(1, receipt.minApprovals());
    assertEquals(ApprovalOutcome.APPROVED, decided.outcome());
    assertEquals(List.of("oncall-ben"), fake.released.get(0).approvedBy());
    assertEquals(receipt.changeDigest(), fake.released.get(0).approvedDigest());
    assertEquals(List.of("intent_thresholds.card_not_working: (absent) -> 0.9"), receipt.diff());
    assertEquals("IMMEDIATE", receipt.gate());
    assertTrue(
        report.mitigation().startsWith("applied: set_threshold(card_not_working, 0.9)"),
        report.mitigation());
    assertEquals("v13", fake.decisions.get(fake.decisions.size() - 1).appliedConfigVersion());
  }

  @Test
  void givenProposer_whenVotingOnOwnChange_thenRefused() {
    walkToProposal(false);
    incident.proposeMitigation(thresholds());

    String reason = refused(() -> incident.vote(vote("mitigation-1", ANA, true)));

    assertTrue(reason.contains("the proposer cannot approve their own change"), reason);
  }

  @Test
  void givenLeaderAlreadyVoted_whenVotingAgain_thenRefused() {
    walkToProposal(false);
    ProposalReceipt receipt = incident.proposeMitigation(templates());
    incident.vote(vote("mitigation-1", LEAD_1, true));

    String reason = refused(() -> incident.vote(vote("mitigation-1", LEAD_1, true)));

    assertTrue(receipt.material());
    assertTrue(reason.contains("lead-1 already voted"), reason);
    assertEquals(1, incident.state().approvals().pending().get(0).approvalsStillNeeded());
  }

  @Test
  void givenMaterialMitigation_whenOncallVotes_thenRefusedForLeadership() {
    walkToProposal(false);
    incident.proposeMitigation(templates());

    String reason = refused(() -> incident.vote(vote("mitigation-1", BEN, true)));

    assertTrue(reason.contains("needs LEADERSHIP"), reason);
  }

  @Test
  void givenLeaderRejects_whenMitigationDecided_thenNoChange() {
    walkToProposal(false);
    incident.proposeMitigation(templates());
    incident.vote(vote("mitigation-1", LEAD_1, true));
    incident.vote(vote("mitigation-1", LEAD_2, false));

    IncidentReport report = result();

    assertEquals("no change: mitigation rejected", report.mitigation());
    assertTrue(fake.released.isEmpty());
    assertEquals(List.of("v12"), report.configVersions());
  }

  @Test
  void givenNoVotes_whenDeadlinePasses_thenRemindedEscalatedExpiredAndNoChange() {
    walkToProposal(false);
    incident.proposeMitigation(thresholds());

    env.sleep(Duration.ofHours(24).plusMinutes(1));
    IncidentReport report = result();

    // Defaults: a reminder every 4 h, the third slot escalates, expiry at 24 h.
    assertEquals(List.of(4L, 8L, 16L, 20L), fake.hoursOf("reminder"));
    List<FakeIncidentActivities.Sent> escalations = fake.sent("escalation");
    assertEquals(1, escalations.size());
    assertEquals(12L, escalations.get(0).after().toHours());
    assertEquals("leadership", escalations.get(0).notice().audience());
    FakeIncidentActivities.Sent expiry =
        fake.sent("decision").stream()
            .filter(s -> s.notice().title().endsWith("EXPIRED"))
            .findFirst()
            .orElseThrow();
    assertEquals(24L, expiry.after().toHours());
    assertEquals("no change: mitigation expired", report.mitigation());
    assertTrue(fake.released.isEmpty());
  }

  @Test
  void givenNoProposal_whenProposalDeadlinePasses_thenNoChange() {
    walkToProposal(false);

    env.sleep(Duration.ofHours(8).plusMinutes(1));
    IncidentReport report = result();

    assertTrue(report.mitigation().startsWith("no change: no mitigation proposed"));
    assertEquals(List.of(4L), fake.hoursOf("reminder"));
    assertEquals(
        1,
        fake.decisions.stream()
            .filter(d -> d.entryId().equals(report.incidentId() + "/decision"))
            .count());
  }

  @Test
  void givenLabeler_whenProposingMitigation_thenRefused() {
    walkToProposal(false);

    String reason =
        refused(
            () ->
                incident.proposeMitigation(
                    new MitigationProposal(
                        LI, "adjust_thresholds", "0.85 → 0.88", null, null, null)));

    assertTrue(reason.contains("proposing a mitigation needs ONCALL"), reason);
  }

  @Test
  void givenLabelingStillOpen_whenMitigationProposed_thenRefusedNamingTheStep() {
    start(false);
    awaitStep("labeling");

    String reason = refused(() -> incident.proposeMitigation(thresholds()));

    assertTrue(reason.contains("the incident is at step labeling"), reason);
  }

  @Test
  void givenMitigationProposed_whenAnotherIsProposed_thenRefused() {
    walkToProposal(false);
    incident.proposeMitigation(thresholds());

    String reason = refused(() -> incident.proposeMitigation(templates()));

    assertTrue(reason.contains("a mitigation is already proposed by oncall-ana"), reason);
  }

  // --- safe-mode exit --------------------------------------------------------------------------

  @Test
  void givenEarlyExitRequest_whenValidated_thenRefusedNamingUnmetCondition_thenGrantedOnceStable() {
    walkToProposal(true);
    ProposalReceipt receipt = incident.proposeMitigation(templates());
    incident.vote(vote("mitigation-1", LEAD_1, true));
    incident.vote(vote("mitigation-1", LEAD_2, true));
    awaitRecheckLabeling(1);

    String first = refused(() -> incident.requestSafeModeExit(exit()));
    labelRecheck(1);
    awaitRecheckLabeling(2);
    ExitReadiness afterOne = readiness();
    String second = refused(() -> incident.requestSafeModeExit(exit()));
    labelRecheck(2);
    awaitEvidenceGathered(2);
    ExitReadiness afterTwo = nameCleanQaWindow();
    ProposalReceipt exit = incident.requestSafeModeExit(exit());
    incident.vote(vote(exit.requestId(), LEAD_1, true));
    incident.vote(vote(exit.requestId(), LEAD_2, true));
    IncidentReport report = result();

    assertTrue(receipt.material());
    assertEquals(
        List.of("touches customer-facing template fee_schedule_v1"), receipt.materialReasons());
    assertTrue(
        first.contains("metrics not stable: 0 of 2 consecutive passing rechecks of fresh"), first);
    assertTrue(first.contains("manual QA not clean: no daily QA run named"), first);
    assertFalse(first.contains("no golden evaluation"), "the golden recheck ran on its own");
    assertEquals(1, afterOne.consecutivePasses());
    assertTrue(second.contains("metrics not stable: 1 of 2 consecutive passing rechecks"), second);
    assertTrue(afterTwo.unmetConditions().isEmpty(), afterTwo.unmetConditions().toString());
    assertEquals(Set.of(Role.LEADERSHIP), exit.approverRoles());
    assertFalse(report.safeModeOn());
    // The exit's candidate, evaluated by the release gate, is what becomes current.
    String exited = "v14-safe-mode-exit-1";
    assertEquals(List.of("v12", "v13", "v14", exited), report.configVersions());
    assertEquals(
        List.of(
            "v12 -> v13: hold_safe_mode(billing, " + own() + ")",
            "v13 -> v14: disable_template(fee_schedule_v1)",
            "v14 -> " + exited + ": release_safe_mode(billing, " + own() + ")"),
        fake.releases.changeLog);
    assertFalse(fake.releases.current().anySafeMode());
    assertTrue(
        report.mitigation().startsWith("applied: disable_template(fee_schedule_v1)"),
        report.mitigation());
    DecisionRecord logged = fake.decisions.get(fake.decisions.size() - 1);
    assertEquals(own() + "/decision", logged.entryId());
    assertEquals("regression", logged.runbookKind());
    assertTrue(
        logged.participants().stream()
            .anyMatch(
                p ->
                    p.actor().equals("lead-2")
                        && p.action().endsWith("approve_vote")
                        && "slack".equals(p.channel())),
        logged.participants().toString());
    assertEquals("v12", logged.configVersion());
    assertEquals(exited, logged.appliedConfigVersion());
    assertEquals(Boolean.FALSE, attribute("EvalopsSafeMode", Boolean.class));
    assertEquals(exited, attribute("EvalopsConfigVersion", String.class));
    assertEquals("PASS", attribute("EvalopsVerdict", String.class));

    // Larger than the weekly runbook's 150 events: each label and vote is an update of about five
    // events, each of the three releases (hold, mitigation, exit) a prepare and an apply, the exit
    // a gate evaluation, and how many workflow tasks the updates share depends on timing.
    // Payloads are references and counts, never ticket text.
    // With computed evidence, two recheck samples of ten labels each and their evaluations too.
    History history = client.fetchHistory(ID).getHistory();
    assertTrue(history.getEventsCount() < 800, history.getEventsCount() + " events");
    assertTrue(history.getSerializedSize() < 512 * 1024, history.getSerializedSize() + " bytes");
    Histories.recordIfAsked(client, ID, ID + "-computed-evidence");

    Map<String, String> memo = AuditView.memo(env, ID);
    assertEquals("regression", memo.get("kind"));
    assertEquals(SCOPE, memo.get("scope"));
    assertEquals("quality-drop", memo.get("alarm"));
    assertEquals("ps-billing", memo.get("sample"));
    assertEquals("10 of 10 labeled", memo.get("labeled"));
    assertEquals("PASS", memo.get("golden_verdict"));
    assertEquals("applied disable_template(fee_schedule_v1)", memo.get("mitigation"));
    assertEquals("off", memo.get("safe_mode"));
    assertEquals(exited, memo.get("config_version"));
    List<String> summaries = AuditView.activitySummaries(client, ID);
    assertTrue(
        summaries.containsAll(
            List.of(
                "prepare hold_safe_mode(billing, " + own() + ")",
                "apply hold_safe_mode(billing, " + own() + ")",
                "sample 10 problem tickets of billing from the last 7 days",
                "labeled sample ps-billing",
                "prepare disable_template(fee_schedule_v1)",
                "apply disable_template(fee_schedule_v1)",
                "prepare release_safe_mode(billing, " + own() + ")",
                "apply release_safe_mode(billing, " + own() + ")",
                "recheck sample 1 of billing",
                "recheck sample 2 of billing",
                "daily QA " + DAILY_QA + " as QA window",
                "decision log: regression incident billing, golden PASS")),
        summaries.toString());
    // The diagnosis scores the config at alarm time (v12), not the route-only hold (v13); the
    // golden recheck scores the config in force after the mitigation, once.
    assertEquals(
        "golden evaluation for billing under config v12",
        AuditView.startSummary(client, WorkflowIds.evaluation(own() + "-golden")));
    assertEquals(
        "recheck-golden-1 evaluation for billing under config v14",
        AuditView.startSummary(client, WorkflowIds.evaluation(own() + "-recheck-golden-1")));
    assertTrue(AuditView.details(client, ID).startsWith("closed: golden PASS, config " + exited));
    String[] people = {ANA.id(), LI.id(), LEAD_1.id(), LEAD_2.id()};
    AuditView.assertNoneMentions(List.copyOf(memo.values()), people);
    AuditView.assertNoneMentions(summaries, people);
  }

  @Test
  void givenSafetyViolationInSample_whenExitRequested_thenRefusedUntilCleanQaWindow() {
    walkToProposal(true, "t04");
    incident.proposeMitigation(thresholds());
    incident.vote(vote("mitigation-1", BEN, true));
    gatherRechecks();

    String reason = refused(() -> incident.requestSafeModeExit(exit()));
    ExitReadiness clean = nameCleanQaWindow();
    ProposalReceipt exit = incident.requestSafeModeExit(exit());

    // The problem sample was labeled before the mitigation: it is no QA window of the config that
    // follows, whatever it found (config-releases §6); its safety violation is a finding.
    assertTrue(reason.contains("manual QA not clean: no daily QA run named"), reason);
    assertTrue(
        incident.state().findings().contains("safety violation flagged by a labeler on ticket t04"),
        incident.state().findings().toString());
    assertFalse(reason.contains("metrics not stable"), reason);
    assertTrue(clean.unmetConditions().isEmpty(), clean.unmetConditions().toString());
    assertEquals("safe-mode-exit-1", exit.requestId());
  }

  @Test
  void givenFailedRecheck_whenTheNextOnesPass_thenTheCountStartsAgainAndOncallAsksForMore() {
    walkToProposal(true);
    fake.verdictByRunSuffix.put("-recheck-1", "INVESTIGATE");
    incident.proposeMitigation(thresholds());
    incident.vote(vote("mitigation-1", BEN, true));
    awaitRecheckLabeling(1);
    labelRecheck(1);
    awaitRecheckLabeling(2);
    labelRecheck(2);
    IncidentState afterAutomatic = awaitEvidenceGathered(2);

    ExitReadiness asked = incident.requestRecheck(new RecheckRequest(ANA, "one more"));
    awaitRecheckLabeling(3);
    labelRecheck(3);
    IncidentState after = awaitEvidenceGathered(3);

    assertEquals(1, afterAutomatic.rechecks().size() - 1, "two automatic rounds, no more");
    assertEquals(1, asked.consecutivePasses(), "the failed first recheck broke the count");
    assertEquals(
        List.of("INVESTIGATE", "PASS", "PASS"),
        after.rechecks().stream().map(ProductionRecheck::verdict).toList());
    assertTrue(
        after.findings().stream().anyMatch(f -> f.contains("-recheck-1 of fresh tickets")),
        after.findings().toString());
    assertTrue(
        after.exitUnmetConditions().stream().noneMatch(c -> c.startsWith("metrics not stable")),
        after.exitUnmetConditions().toString());
    // Each recheck scored the config its exit would make current, not the route-only hold.
    String scored = after.rechecks().get(1).scoredVersion();
    assertFalse(fake.releases.version(scored).routeOnly("fee_schedule", SCOPE), scored);
    assertEquals(3, new java.util.HashSet<>(sampleIds(after)).size(), "each on other tickets");
  }

  @Test
  void givenComputedEvidence_whenAClientRecordsAVerdictOrCounts_thenRefusedAndNothingCounts() {
    walkToProposal(true);
    incident.proposeMitigation(thresholds());
    incident.vote(vote("mitigation-1", BEN, true));
    awaitRecheckLabeling(1);
    String config = incident.state().configVersion();

    String verdict =
        refused(() -> incident.recordEvaluation(evaluation("my-pass", config, "PASS")));
    String counts =
        refused(() -> incident.recordQaWindow(new QaWindowNotice(LI, "invented", 999, 0)));
    String unknown =
        refused(() -> incident.recordQaWindow(new QaWindowNotice(LI, null, 0, 0, "daily-qa-nope")));

    assertTrue(verdict.contains("a verdict sent by a client is not evidence"), verdict);
    assertTrue(counts.contains("counts or a sample id sent by a client are not evidence"), counts);
    assertTrue(unknown.contains("no daily QA run daily-qa-nope"), unknown);
    IncidentState state = incident.state();
    assertNull(state.qaWindow());
    assertTrue(state.evaluations().stream().noneMatch(e -> e.runId().equals("my-pass")));
    assertTrue(
        state.history().stream()
            .anyMatch(h -> h.startsWith("refused recordQaWindow by labeler-li")),
        state.history().toString());
  }

  @Test
  void givenQaWindowWithTwoWrongTeamsOfTwenty_whenNamed_thenNotClean() {
    walkToProposal(true);
    incident.proposeMitigation(thresholds());
    incident.vote(vote("mitigation-1", BEN, true));
    gatherRechecks();

    ExitReadiness wrongTeams = nameQaWindow("daily-qa-teams", now(), 20, 20, 0, 18, 20);
    ExitReadiness partial = nameQaWindow("daily-qa-partial", now(), 20, 12, 0, 12, 12);
    ExitReadiness early = nameQaWindow("daily-qa-early", Instant.EPOCH, 20, 20, 0, 20, 20);
    ExitReadiness clean = nameCleanQaWindow();

    assertEquals(
        List.of(
            "manual QA not clean: daily QA daily-qa-teams: 2 of 20 tickets went to the wrong team"
                + " (team correctness 90.0%, the policy asks 95.0%)"),
        wrongTeams.unmetConditions());
    assertTrue(
        partial.unmetConditions().get(0).contains("reviewed 12 of 20 tickets"),
        partial.unmetConditions().toString());
    assertTrue(
        early.unmetConditions().get(0).contains("before config v14 became current"),
        early.unmetConditions().toString());
    assertTrue(clean.unmetConditions().isEmpty(), clean.unmetConditions().toString());
  }

  @Test
  void givenGoldenSetIsDeterministic_whenOncallAsksForMoreRechecks_thenOneGoldenRunPerConfig() {
    walkToProposal(true);
    incident.proposeMitigation(thresholds());
    incident.vote(vote("mitigation-1", BEN, true));
    gatherRechecks();

    incident.requestRecheck(new RecheckRequest(ANA, "again"));
    awaitRecheckLabeling(3);
    labelRecheck(3);
    IncidentState state = awaitEvidenceGathered(3);

    List<EvaluationSummary> golden =
        state.evaluations().stream()
            .filter(e -> e.dataset().equals("golden") && e.configVersion().equals("v14"))
            .toList();
    assertEquals(1, golden.size(), golden.toString());
    assertEquals(own() + "-recheck-golden-1", golden.get(0).runId());
  }

  @Test
  void givenExitRejected_whenLeaderObjects_thenSafeModeStaysOnAndOncallIsReminded() {
    walkToProposal(true);
    incident.proposeMitigation(thresholds());
    incident.vote(vote("mitigation-1", BEN, true));
    gatherRechecks();
    nameCleanQaWindow();
    ProposalReceipt exit = incident.requestSafeModeExit(exit());

    incident.vote(vote(exit.requestId(), LEAD_1, false));
    awaitStep("safe_mode_exit");
    env.sleep(Duration.ofHours(25));
    // The reminder is an activity the timers started: wait until it has been sent.
    Await.until(
        "a reminder that safe mode is still on",
        () -> fake.sent("reminder"),
        sent -> sent.stream().anyMatch(s -> s.notice().title().startsWith("safe mode still on")));

    assertTrue(incident.state().safeMode());
    assertFalse(
        fake.calls.stream().anyMatch(c -> c.startsWith("apply release_safe_mode")),
        fake.calls.toString());
    assertTrue(fake.releases.current().routeOnly("billing_double_charge", "billing"));
  }

  // --- refusals and state ----------------------------------------------------------------------

  @Test
  void givenRefusedUpdate_whenClientRecordsIt_thenStateShowsTheRefusal() {
    walkToProposal(false);
    incident.proposeMitigation(thresholds());
    String reason = refused(() -> incident.vote(vote("mitigation-1", ANA, true)));

    incident.recordRefusal(new RefusalNotice(ANA, "vote", "mitigation", reason));
    IncidentState state = incident.state();

    assertEquals(1, state.approvals().refusals().size());
    assertEquals("oncall-ana", state.approvals().refusals().get(0).actor().id());
    assertEquals(reason, state.approvals().refusals().get(0).reason());
    assertTrue(
        state.approvals().decisions().stream()
            .anyMatch(d -> d.type() == Decision.Type.REFUSED && d.subject().equals("mitigation")));
    assertEquals("mitigation_approval", state.step());
    assertEquals(Set.of(Role.ONCALL), state.waitingOn());
  }

  @Test
  void givenRefusedLabel_whenClientRecordsIt_thenLabelingStateShowsIt() {
    start(false);
    awaitStep("labeling");
    String reason = refused(() -> incident.submitLabel(label("t01", AUDITOR, false)));

    incident.recordRefusal(new RefusalNotice(AUDITOR, "submitLabel", "t01", reason));

    assertEquals("auditor-al", incident.state().labeling().refusals().get(0).actor().id());
  }

  @Test
  void givenLabeling_whenQueried_thenStateNamesWhatWhomAndUntilWhen() {
    start(false);
    awaitStep("labeling");

    IncidentState state = incident.state();

    assertEquals("labels for 10 tickets of ps-billing", state.waitingFor());
    assertEquals(Set.of(Role.ONCALL, Role.LABELER), state.waitingOn());
    assertEquals(state.labeling().sample().deadline(), state.until());
  }

  /** The incident's own id: its workflow id and the start of its run id. */
  private String own() {
    return incident.state().incidentId();
  }

  // --- helpers ---------------------------------------------------------------------------------

  private void start(boolean harmPossible) {
    fake = new FakeIncidentActivities(env, "PASS");
    FakeRunbookActivities.registerSearchAttributes(env);
    worker.registerActivitiesImplementations(fake);
    env.start();
    opened =
        IncidentStarter.startOrJoin(
            client,
            worker.getTaskQueue(),
            request(harmPossible),
            new AlarmNotice(SCOPE, "quality-drop", "webhook", "macro F1 0.81 < 0.88"));
    incident = client.newWorkflowStub(RegressionIncidentWorkflow.class, ID);
  }

  /** Starts an incident, labels every ticket (flagging the given ones) and waits for a proposal. */
  private void walkToProposal(boolean harmPossible, String... flagged) {
    start(harmPossible);
    awaitStep("labeling");
    List<String> unsafe = List.of(flagged);
    for (String ticket : FakeIncidentActivities.TICKETS) {
      incident.submitLabel(label(ticket, LI, unsafe.contains(ticket)));
    }
    awaitStep("mitigation_proposal");
  }

  private static StartRegressionRequest request(boolean harmPossible) {
    return new StartRegressionRequest(
        SCOPE,
        "quality-drop",
        harmPossible,
        ANA,
        10,
        7,
        "v2",
        "v12",
        Set.of("chargeback_dispute"),
        null);
  }

  private static SubmitLabelRequest label(String ticket, Actor actor, boolean safetyViolation) {
    return new SubmitLabelRequest(
        ticket, actor, true, true, safetyViolation, null, null, null, null, null);
  }

  /** Not material (an ordinary intent's threshold raised), applied at once once approved. */
  private static MitigationProposal thresholds() {
    return MitigationProposal.typed(
        ANA,
        "misroutes on card_not_working",
        List.of(ConfigOperation.setThreshold("card_not_working", 0.9)));
  }

  /** Material (customer-facing copy), applied at once once approved. */
  private static MitigationProposal templates() {
    return MitigationProposal.typed(
        ANA, "wrong fee quoted", List.of(ConfigOperation.disableTemplate("fee_schedule_v1")));
  }

  private static VoteRequest vote(String requestId, Actor actor, boolean approve) {
    return new VoteRequest(requestId, actor, approve, approve ? "ok" : "not yet", null);
  }

  private static SafeModeExitRequest exit() {
    return new SafeModeExitRequest(ANA, "metrics back to normal");
  }

  private static EvaluationNotice evaluation(String runId, String config, String verdict) {
    return new EvaluationNotice(ANA, runId, config, verdict, "file:///data/runs/" + runId + "/");
  }

  private static final String DAILY_QA = "daily-qa-2025-12-19";

  /** Waits until the incident asks labelers for recheck sample {@code round}. */
  private void awaitRecheckLabeling(int round) {
    String sample = "recheck-" + own() + "-" + round;
    awaitState(
        s ->
            "recheck".equals(s.step())
                && s.labeling() != null
                && s.labeling().sample().sampleId().equals(sample)
                && s.labeling().closedAt() == null);
  }

  /** A labeler finds every ticket of recheck sample {@code round} routed right. */
  private void labelRecheck(int round) {
    for (String ticket : incident.state().labeling().sample().ticketIds()) {
      incident.submitLabel(label(ticket, LI, false));
    }
  }

  /** Waits until {@code rechecks} rechecks are scored and the incident waits for on-call again. */
  private IncidentState awaitEvidenceGathered(int rechecks) {
    return awaitState(s -> "safe_mode_exit".equals(s.step()) && s.rechecks().size() == rechecks);
  }

  /** The two automatic rechecks, labeled clean and passing. */
  private void gatherRechecks() {
    awaitRecheckLabeling(1);
    labelRecheck(1);
    awaitRecheckLabeling(2);
    labelRecheck(2);
    awaitEvidenceGathered(2);
  }

  private ExitReadiness readiness() {
    IncidentState state = incident.state();
    return new ExitReadiness(
        SafeModeExitRule.consecutiveRecheckPasses(state.rechecks(), state.configVersion()),
        2,
        state.exitUnmetConditions());
  }

  /** A daily QA run started now, fully reviewed, clean, every team and template right. */
  private ExitReadiness nameCleanQaWindow() {
    return nameQaWindow(DAILY_QA, now(), 20, 20, 0, 20, 20);
  }

  private ExitReadiness nameQaWindow(
      String id,
      Instant openedAt,
      int size,
      int reviewed,
      int violations,
      int teamRight,
      int templateRight) {
    fake.dailyQaRuns.put(
        id,
        new QaWindowEvidence(
            id, "qa-" + id, openedAt, size, reviewed, violations, teamRight, templateRight));
    return incident.recordQaWindow(new QaWindowNotice(LI, null, 0, 0, id));
  }

  private Instant now() {
    return Instant.ofEpochMilli(env.currentTimeMillis());
  }

  private static List<String> sampleIds(IncidentState state) {
    return state.rechecks().stream().map(ProductionRecheck::sampleId).toList();
  }

  /** The workflow runs on its own; wait (in wall-clock time) until its state satisfies a test. */
  private IncidentState awaitState(java.util.function.Predicate<IncidentState> test) {
    return Await.until("the incident's expected state", incident::state, test);
  }

  private static String refused(Executable update) {
    WorkflowUpdateException e = assertThrows(WorkflowUpdateException.class, update);
    return String.valueOf(e.getCause().getMessage());
  }

  private IncidentReport result() {
    return WorkflowStub.fromTyped(incident).getResult(IncidentReport.class);
  }

  /** The workflow runs on its own; wait (in wall-clock time) until it reaches a step. */
  private void awaitStep(String step) {
    Await.until("step " + step, incident::state, s -> step.equals(s.step()));
  }

  private <T> T attribute(String name, Class<T> type) {
    Map<String, Payload> attributes =
        env.getWorkflowServiceStubs()
            .blockingStub()
            .describeWorkflowExecution(
                DescribeWorkflowExecutionRequest.newBuilder()
                    .setNamespace(env.getNamespace())
                    .setExecution(
                        io.temporal.api.common.v1.WorkflowExecution.newBuilder().setWorkflowId(ID))
                    .build())
            .getWorkflowExecutionInfo()
            .getSearchAttributes()
            .getIndexedFieldsMap();
    Payload payload = attributes.get(name);
    return payload == null
        ? null
        : DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, type, type);
  }
}
