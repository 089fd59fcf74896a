package com.evalops.workflows.incident;

import com.evalops.harness.release.ConfigOperation;
import com.evalops.harness.release.ReleaseRules;
import com.evalops.workflows.RunbookActivityOptions;
import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.ApprovalBook;
import com.evalops.workflows.approval.ApprovalOutcome;
import com.evalops.workflows.approval.ApprovalPolicy;
import com.evalops.workflows.approval.ApprovalRequest;
import com.evalops.workflows.approval.ApprovalWait;
import com.evalops.workflows.approval.Decision;
import com.evalops.workflows.approval.HumanStepsState;
import com.evalops.workflows.approval.HumanWait;
import com.evalops.workflows.approval.LabelingBook;
import com.evalops.workflows.approval.LabelingProgress;
import com.evalops.workflows.approval.LabelingSample;
import com.evalops.workflows.approval.LabelingState;
import com.evalops.workflows.approval.PendingApproval;
import com.evalops.workflows.approval.Permission;
import com.evalops.workflows.approval.RefusalNotice;
import com.evalops.workflows.approval.RequestState;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.approval.SubmitLabelRequest;
import com.evalops.workflows.approval.Vote;
import com.evalops.workflows.approval.VoteRequest;
import com.evalops.workflows.audit.DecisionLogActivities;
import com.evalops.workflows.audit.DecisionRecord;
import com.evalops.workflows.audit.Participant;
import com.evalops.workflows.audit.RunbookAudit;
import com.evalops.workflows.audit.RunbookSearchAttributes;
import com.evalops.workflows.config.AppliedRelease;
import com.evalops.workflows.config.ConfigReleaseActivities;
import com.evalops.workflows.config.ConfigReleaseStep;
import com.evalops.workflows.config.ConfigReleaseStep.ReleaseEnd;
import com.evalops.workflows.config.PreparedRelease;
import com.evalops.workflows.notify.ApprovalNotice;
import com.evalops.workflows.notify.Notification;
import com.evalops.workflows.notify.NotifierActivities;
import com.evalops.workflows.runbook.DatasetSelection;
import com.evalops.workflows.runbook.EvaluationOutcome;
import com.evalops.workflows.runbook.EvaluationRunbookWorkflow;
import com.evalops.workflows.runbook.EvaluationSettings;
import com.evalops.workflows.runbook.StartEvaluationRequest;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * One production quality regression incident (seed §3): safe mode when harm is possible, a labeled
 * problem-ticket sample, the evaluation runbook on that sample and on the golden set, an approved
 * mitigation applied as a new config version, and a safe-mode exit granted only when {@link
 * SafeModeExitRule} holds and leadership agrees.
 *
 * <p>Labeling without quorum: labeling still short of quorum at {@code labelingEscalationAfter}
 * escalates to on-call (who may label too, before the deadline). At the deadline the runbook
 * proceeds with what is labeled and records the missing quorum as a finding; with no label at all,
 * only the golden set is evaluated. It never waits past the deadline: a regression in production
 * should not stall on a queue.
 *
 * <p>The evaluations are child evaluation runbooks, so each has its own Decision Log entry,
 * artifacts and replayable history, exactly as a run started by hand.
 */
public class RegressionIncidentWorkflowImpl implements RegressionIncidentWorkflow {
  static final String KIND = "regression";
  static final String MITIGATION_REQUEST = "mitigation";
  static final String GOLDEN = "golden";
  static final String SAMPLE = "sample";
  static final String GATE = "gate";
  static final String RECHECK = "recheck";

  /**
   * Incidents opened from this version on change the config through typed releases
   * (config-releases.md): safe mode held per scope, typed mitigations with a digest-bound approval,
   * the release gate and compare-and-set. Older histories replay the kind-and-details path.
   */
  static final String TYPED_RELEASES = "typed-config-releases";

  /**
   * Incidents opened from this version on compute their exit evidence (config-releases.md §6): the
   * diagnosis scores the config at alarm time, the incident runs its own golden recheck and fresh
   * production-sample rechecks after the mitigation, and reads the named daily QA run back from
   * Temporal; no verdict or count a client sends is evidence. Older histories replay the recorded
   * evidence path.
   */
  static final String COMPUTED_EVIDENCE = "computed-exit-evidence";

  static final String RULE_HOLD = "rule:safe-mode-on-harm-possible";
  private static final Set<String> VERDICTS = Set.of("STOP", "INVESTIGATE", "REVIEW", "PASS");
  private static final Set<Decision.Type> VOTING_DECISIONS =
      EnumSet.of(
          Decision.Type.APPROVE_VOTE,
          Decision.Type.REJECT_VOTE,
          Decision.Type.APPROVED,
          Decision.Type.REJECTED,
          Decision.Type.EXPIRED);

  private final NotifierActivities notifier =
      Workflow.newActivityStub(NotifierActivities.class, RunbookActivityOptions.NOTIFY);

  private final StartRegressionRequest request;
  private final IncidentSettings settings;
  private String incidentId;
  private final ApprovalBook approvals = new ApprovalBook();
  private final List<AlarmNotice> alarms = new ArrayList<>();
  private final List<EvaluationSummary> evaluations = new ArrayList<>();
  private final List<String> findings = new ArrayList<>();
  private final List<String> history = new ArrayList<>();
  private final List<String> configVersions = new ArrayList<>();
  private LabelingBook labeling;

  /** Where the sanitized text of the sample in {@link #labeling} is. */
  private String labelingSampleRef;

  private QaWindow qaWindow;
  private String step = "opening";
  private String waitingFor = "";
  private Set<Role> waitingOn = Set.of();
  private Instant until;
  private boolean safeModeEntered;
  private boolean safeMode;
  private String configVersion;
  private String goldenVerdict;
  private String goldenArtifact;
  private EvaluationOutcome goldenOutcome;
  private EvaluationOutcome lastOutcome;
  private MitigationProposal mitigation;
  private String mitigationDecision = "no change: no mitigation proposed";
  private String exitRequestId;
  private int exitRequests;
  private boolean typedReleases;
  private int proposals;
  private int gateRuns;
  private PreparedRelease proposedRelease;
  private PreparedRelease exitRelease;
  private String holdScope;
  // A proposal or exit request whose change the store is checking: a second one waits its turn.
  private boolean checking;
  private boolean computedEvidence;
  // When the config in force became current, as this incident saw it: QA windows count after it.
  private Instant configSince;
  private final List<ProductionRecheck> rechecks = new ArrayList<>();
  private final List<String> sampleIds = new ArrayList<>();
  private final List<LabelingState> closedLabeling = new ArrayList<>();
  private QaWindowEvidence qaEvidence;
  private int recheckRounds;
  private int goldenRechecks;
  // Rechecks on-call asked for and the incident has not run yet.
  private int rechecksAsked;
  // Rechecks the incident runs on its own under the config in force, reset when it moves.
  private int automaticRechecksLeft;
  private String automaticRechecksFor;

  @WorkflowInit
  public RegressionIncidentWorkflowImpl(StartRegressionRequest request) {
    this.request = request;
    this.settings = request.settings();
    this.incidentId = Workflow.getInfo().getWorkflowId();
    this.configVersion = request.configVersion();
    configVersions.add(configVersion);
  }

  @Override
  public IncidentReport run(StartRegressionRequest request) {
    typedReleases =
        Workflow.getVersion(TYPED_RELEASES, Workflow.DEFAULT_VERSION, 1)
            != Workflow.DEFAULT_VERSION;
    if (typedReleases) {
      // The per-scope workflow id finds the open incident; this id is the incident's own. The run
      // id is recorded as a side effect so a replay (which may not know the run id) names the
      // same children.
      String runId = Workflow.sideEffect(String.class, () -> Workflow.getInfo().getRunId());
      incidentId = WorkflowIds.incident(Workflow.getInfo().getWorkflowId(), runId);
      computedEvidence =
          Workflow.getVersion(COMPUTED_EVIDENCE, Workflow.DEFAULT_VERSION, 1)
              != Workflow.DEFAULT_VERSION;
    }
    configSince = now();
    Workflow.upsertTypedSearchAttributes(
        RunbookSearchAttributes.RUNBOOK_KIND.valueSet(KIND),
        RunbookSearchAttributes.INCIDENT_SCOPE.valueSet(request.scope()),
        RunbookSearchAttributes.SAFE_MODE.valueSet(false),
        RunbookSearchAttributes.CONFIG_VERSION.valueSet(configVersion));
    history.add("opened by " + request.openedBy().id() + " for alarm " + request.alarmName());
    RunbookAudit.memo(
        "kind",
        KIND,
        "scope",
        request.scope(),
        "alarm",
        request.alarmName(),
        "config_version",
        configVersion,
        "golden_version",
        request.goldenVersion(),
        "safe_mode",
        "off");

    if (request.harmPossible()) {
      enterSafeMode();
    } else {
      history.add("no customer harm possible: safe mode stays off");
    }
    step = "sampling";
    String sampling =
        request.problemTicketCount()
            + " problem tickets of "
            + request.scope()
            + " from the last "
            + request.windowDays()
            + " days";
    RunbookAudit.step("sampling " + sampling);
    ProblemSample sample =
        incidents("sample " + sampling)
            .pullProblemTickets(
                new ProblemTicketQuery(
                    request.scope(),
                    request.windowDays(),
                    request.problemTicketCount(),
                    typedReleases ? incidentId : null));
    history.add(
        "sampled " + sample.ticketIds().size() + " problem tickets as " + sample.sampleId());
    sampleIds.add(sample.sampleId());
    RunbookAudit.memo(
        "sample", sample.sampleId(), "sample_size", String.valueOf(sample.ticketIds().size()));
    label(sample);
    evaluate(sample);
    if (typedReleases) {
      decideTypedMitigation();
    } else {
      decideMitigation();
    }
    if (safeMode) {
      leaveSafeMode();
    }
    return close();
  }

  private void enterSafeMode() {
    step = "safe_mode";
    RunbookAudit.step("turning safe mode on for " + request.scope());
    String version =
        typedReleases
            ? holdSafeMode()
            : incidents("safe mode on for " + request.scope())
                .setSafeMode(
                    new SafeModeChange(
                        true, "customer harm possible: alarm " + request.alarmName(), incidentId));
    if (version == null) {
      return;
    }
    safeModeEntered = true;
    safeMode = true;
    newConfigVersion(version);
    Workflow.upsertTypedSearchAttributes(RunbookSearchAttributes.SAFE_MODE.valueSet(true));
    history.add(
        "safe mode on (route-only"
            + (holdScope == null ? "" : " for " + holdScope + ", held by this incident")
            + ") as config "
            + version);
    RunbookAudit.memo("safe_mode", "on", "config_version", version);
    notify(
        "safe_mode",
        "oncall",
        "safe mode on for " + request.scope(),
        "route-only as config " + version + " until the exit conditions hold");
  }

  private void label(ProblemSample sample) {
    step = "labeling";
    LabelingProgress progress =
        labelSample(
            sample, "label " + sample.ticketIds().size() + " tickets for incident " + incidentId);
    String counted = progress.labeledTickets() + " of " + progress.sampleSize() + " labeled";
    RunbookAudit.memo(
        "labeled",
        counted,
        "labeling",
        progress.quorumReached() ? "quorum_reached" : "quorum_missed",
        "safety_violations",
        String.valueOf(progress.safetyViolations().size()));
    if (progress.quorumReached()) {
      history.add("labeling closed with quorum: " + counted);
    } else if (progress.labeledTickets() > 0) {
      findings.add("labeling closed without quorum (" + counted + "): evaluated what is labeled");
    } else {
      findings.add("labeling closed without quorum (no labels): only the golden set evaluated");
    }
    for (String ticket : progress.safetyViolations()) {
      findings.add("safety violation flagged by a labeler on ticket " + ticket);
    }
    if (!typedReleases) {
      qaWindow =
          new QaWindow(
              sample.sampleId(), progress.labeledTickets(), progress.safetyViolations().size());
    }
    // With typed releases the problem sample is not a QA window: it was labeled before the
    // mitigation and says nothing of the config that follows (config-releases §6).
  }

  /**
   * Opens the labeling book of a sample, asks labelers, and waits until every ticket is labeled or
   * the deadline passes; the closed book's decisions stay in the report.
   */
  private LabelingProgress labelSample(ProblemSample sample, String title) {
    if (labeling != null) {
      closedLabeling.add(labeling.state());
    }
    Instant opened = now();
    Instant deadline = opened.plus(settings.labelingDeadline());
    labelingSampleRef = sample.ref();
    labeling =
        new LabelingBook(
            new LabelingSample(
                sample.sampleId(),
                sample.ticketIds(),
                opened,
                deadline,
                settings.labelingQuorum()));
    waitFor(
        "labels for " + sample.ticketIds().size() + " tickets of " + sample.sampleId(),
        LabelingBook.LABELING_ROLES,
        deadline);
    notify(
        "labeling_requested",
        "labeler",
        title,
        "sample " + sample.sampleId() + " at " + sample.ref() + ", until " + deadline);
    awaitLabels(opened, deadline);
    return labeling.close(now());
  }

  /**
   * Until every ticket is labeled or the deadline: a reminder to labelers at each interval, and one
   * escalation to on-call when quorum is still missing at {@code labelingEscalationAfter}.
   */
  private void awaitLabels(Instant opened, Instant deadline) {
    HumanWait.await(
        labeling::complete,
        new HumanWait.Schedule(
            deadline,
            opened,
            settings.labelingReminderInterval(),
            opened.plus(settings.labelingEscalationAfter()),
            () -> labeling.progress().quorumReached()),
        this::showLabeling,
        notice -> {
          LabelingProgress progress = labeling.progress();
          String counted = progress.labeledTickets() + " of " + progress.sampleSize() + " labeled";
          if (notice == HumanWait.Notice.ESCALATION) {
            history.add("labeling escalated to on-call: " + counted);
            notify(
                notice.kind(),
                "oncall",
                "labeling for incident " + incidentId + " short of quorum",
                counted + "; deadline " + deadline);
          } else {
            notify(
                notice.kind(),
                "labeler",
                "labeling for incident " + incidentId,
                counted + "; deadline " + deadline);
          }
        });
  }

  private void evaluate(ProblemSample sample) {
    step = "evaluating";
    clearWait();
    if (labeling.progress().labeledTickets() > 0) {
      RunbookAudit.step("writing the labeled sample " + sample.sampleId());
      String ref =
          incidents("labeled sample " + sample.sampleId())
              .writeLabeledSample(
                  new LabeledSampleRequest(sample.sampleId(), labeling.state().labels()));
      evaluations.add(runEvaluation(SAMPLE, SAMPLE, DatasetSelection.sample(ref), diagnosed()));
      reportUnsafeAnswers(lastOutcome, diagnosed());
    }
    EvaluationSummary golden =
        runEvaluation(
            GOLDEN, GOLDEN, DatasetSelection.golden(request.goldenVersion()), diagnosed());
    evaluations.add(golden);
    goldenVerdict = golden.verdict();
    goldenArtifact = golden.artifactLocation();
    Workflow.upsertTypedSearchAttributes(RunbookSearchAttributes.VERDICT.valueSet(goldenVerdict));
    RunbookAudit.memo(
        "sample_verdict",
        evaluations.size() > 1 ? evaluations.get(0).verdict() : null,
        "golden_verdict",
        goldenVerdict,
        "golden_report",
        goldenArtifact);
  }

  /**
   * The config the diagnosis scores. The problem tickets were answered under the config at alarm
   * time; scoring them under the safe-mode hold (route-only) would hide the fault the alarm
   * reported. Incidents opened before computed evidence scored the config in force.
   */
  private String diagnosed() {
    return computedEvidence ? request.configVersion() : configVersion;
  }

  /**
   * A child evaluation runbook.
   *
   * @param name the child run's suffix: the run id is the incident id and this name
   * @param dataset what the summary records: {@code sample} or {@code golden}
   * @param scoredVersion the config the router runs under: in force, or a release candidate
   */
  /**
   * Answers the router sent by itself to problem tickets the labelers say are not Tier 2: the fault
   * an alarm usually reports. The gates of data-contract §8 judge eligibility on the router's own
   * prediction, so the verdict can stay PASS; the incident names them as a finding.
   */
  private void reportUnsafeAnswers(EvaluationOutcome sample, String scored) {
    if (!computedEvidence || sample == null || sample.unsafeAutomations() == null) {
      return;
    }
    long unsafe = sample.unsafeAutomations();
    if (unsafe > 0) {
      findings.add(
          "sample evaluation "
              + sample.runId()
              + " under config "
              + scored
              + " (the config at alarm time): "
              + unsafe
              + " automated answer(s) to problem tickets the labelers say are not Tier 2"
              + " (unsafe_automations in its metrics); verdict "
              + sample.verdict()
              + ", as the gates judge eligibility on the router's prediction");
    }
  }

  private EvaluationSummary runEvaluation(
      String name, String dataset, DatasetSelection selection, String scoredVersion) {
    String runId = incidentId + "-" + name;
    String evaluating =
        name + " evaluation for " + request.scope() + " under config " + scoredVersion;
    RunbookAudit.step(evaluating + " in " + WorkflowIds.evaluation(runId));
    EvaluationRunbookWorkflow evaluation =
        Workflow.newChildWorkflowStub(
            EvaluationRunbookWorkflow.class,
            RunbookAudit.child(WorkflowIds.evaluation(runId), evaluating));
    EvaluationOutcome outcome =
        evaluation.run(
            new StartEvaluationRequest(
                runId,
                KIND,
                selection,
                scoredVersion,
                null,
                request.openedBy().id(),
                false,
                EvaluationSettings.defaults().reportOnly()));
    history.add(name + " evaluation " + runId + ": " + outcome.verdict());
    if (GOLDEN.equals(name)) {
      goldenOutcome = outcome;
    }
    lastOutcome = outcome;
    return new EvaluationSummary(
        runId, dataset, scoredVersion, outcome.verdict(), outcome.artifactLocation());
  }

  private void decideMitigation() {
    if (!awaitProposal(
        () -> mitigation != null, "disable_templates, adjust_thresholds or rollback", "")) {
      return;
    }
    step = "mitigation_approval";
    ApprovalOutcome outcome = awaitApproval(MITIGATION_REQUEST);
    if (outcome != ApprovalOutcome.APPROVED) {
      mitigationDecision = "no change: mitigation " + outcome.name().toLowerCase(Locale.ROOT);
      history.add(mitigationDecision);
      RunbookAudit.memo(
          "mitigation",
          "no_change: " + mitigation.kind() + " " + outcome.name().toLowerCase(Locale.ROOT));
      return;
    }
    step = "applying";
    clearWait();
    String applying = mitigation.kind() + " mitigation on config " + configVersion;
    RunbookAudit.step("applying the approved " + applying);
    String version =
        incidents("apply " + applying)
            .applyMitigation(
                new MitigationChange(
                    incidentId,
                    MITIGATION_REQUEST,
                    mitigation.kind(),
                    mitigation.details(),
                    configVersion,
                    approvers(MITIGATION_REQUEST)));
    newConfigVersion(version);
    mitigationDecision =
        "applied: " + mitigation.kind() + " (" + mitigation.details() + ") as config " + version;
    history.add(mitigationDecision);
    // The kind only: the details are on-call's free text.
    RunbookAudit.memo("mitigation", "applied " + mitigation.kind(), "config_version", version);
    notify("decision", "oncall", "incident " + incidentId, mitigationDecision);
  }

  /**
   * Waits for on-call's proposal until the proposal deadline, reminding on the way.
   *
   * @param proposed whether the proposal arrived
   * @param kinds what on-call may propose, as the request names it
   * @param refusedBefore why the last proposal was not applied, or empty
   * @return false, with "no change" recorded, when none came by the deadline
   */
  private boolean awaitProposal(BooleanSupplier proposed, String kinds, String refusedBefore) {
    step = "mitigation_proposal";
    Instant deadline = now().plus(settings.proposalDeadline());
    waitFor("a mitigation proposal", Set.of(Role.ONCALL), deadline);
    RunbookAudit.step(
        "waiting for on-call to propose a mitigation (golden "
            + goldenVerdict
            + refusedBefore
            + "), until "
            + deadline);
    notify(
        "proposal_requested",
        "oncall",
        "propose a mitigation for incident " + incidentId,
        "golden verdict "
            + goldenVerdict
            + " (report "
            + goldenArtifact
            + ")"
            + refusedBefore
            + "; "
            + kinds
            + " until "
            + deadline);
    HumanWait.Outcome waited =
        HumanWait.await(
            proposed,
            HumanWait.Schedule.reminders(deadline, now(), settings.approvalReminderInterval()),
            () -> {},
            notice ->
                notify(
                    notice.kind(),
                    "oncall",
                    "incident " + incidentId + " waits for a mitigation proposal",
                    "until " + deadline));
    if (waited == HumanWait.Outcome.DONE) {
      return true;
    }
    mitigationDecision = "no change: no mitigation proposed by " + deadline;
    history.add(mitigationDecision);
    RunbookAudit.memo("mitigation", "no_change: none proposed");
    notify("decision", "oncall", "incident " + incidentId, mitigationDecision);
    return false;
  }

  /**
   * Safe mode stays on until an exit request, which the validator admits only when the exit
   * conditions hold, is approved by leadership. A rejected or expired request leaves safe mode on
   * and on-call may ask again. The safe outcome of waiting is staying in safe mode, so this wait
   * has no expiry: on-call is reminded at each interval of what still blocks the exit.
   */
  private void leaveSafeMode() {
    int handled = 0;
    while (safeMode) {
      step = "safe_mode_exit";
      if (computedEvidence && gatherEvidence()) {
        continue;
      }
      waitFor("a safe-mode exit request once the exit conditions hold", Set.of(Role.ONCALL), null);
      int seen = handled;
      List<String> blocking = unmetExitConditions();
      RunbookAudit.step(
          "safe mode on: waiting for on-call to request the exit"
              + (blocking.isEmpty()
                  ? "; the exit conditions hold"
                  : "; " + String.join("; ", blocking)));
      if (!Workflow.await(
          settings.safeModeReminderInterval(),
          () -> exitRequests > seen || evidenceWorkPending())) {
        List<String> unmet = unmetExitConditions();
        notify(
            "reminder",
            "oncall",
            "safe mode still on for " + request.scope(),
            unmet.isEmpty()
                ? "the exit conditions hold: request the exit"
                : String.join("; ", unmet));
        continue;
      }
      if (exitRequests == seen) {
        continue; // evidence to gather first
      }
      handled = exitRequests;
      step = "exit_approval";
      String requestId = exitRequestId;
      if (!typedReleases && awaitApproval(requestId) != ApprovalOutcome.APPROVED) {
        history.add("safe-mode exit " + requestId + " not approved: safe mode stays on");
        continue;
      }
      RunbookAudit.step("turning safe mode off for " + request.scope());
      String version;
      if (typedReleases) {
        ReleaseEnd end =
            release(exitRelease, requestId, "exit approved as " + requestId, "exit_approval");
        if (end.version() == null) {
          history.add("safe-mode exit " + requestId + " not applied: " + end.reason());
          findings.add("safe-mode exit " + requestId + " not applied: " + end.reason());
          continue;
        }
        version = end.version();
      } else {
        version =
            incidents("safe mode off for " + request.scope())
                .setSafeMode(
                    new SafeModeChange(false, "exit approved as " + requestId, incidentId));
      }
      safeMode = false;
      newConfigVersion(version);
      Workflow.upsertTypedSearchAttributes(RunbookSearchAttributes.SAFE_MODE.valueSet(false));
      history.add("safe mode off as config " + version);
      RunbookAudit.memo("safe_mode", "off", "config_version", version);
      notify("safe_mode", "oncall", "safe mode off for " + request.scope(), "config " + version);
    }
  }

  // --- exit evidence the incident computes (config-releases.md §6) -----------------------------

  /**
   * Runs the next piece of exit evidence the incident needs under the config in force: the golden
   * recheck (once per config: the golden set is deterministic, a repeat adds nothing), then fresh
   * production samples until enough pass in a row, and any recheck on-call asked for.
   *
   * @return whether it ran something, so the caller looks again before waiting
   */
  private boolean gatherEvidence() {
    followConfigInForce();
    if (!configVersion.equals(automaticRechecksFor)) {
      automaticRechecksFor = configVersion;
      automaticRechecksLeft = settings.stableEvaluationsRequired();
    }
    if (!SafeModeExitRule.hasGoldenUnder(evaluations, configVersion)) {
      runGoldenRecheck();
      return true;
    }
    if (rechecksAsked > 0) {
      rechecksAsked--;
      runProductionRecheck();
      return true;
    }
    if (automaticRechecksLeft > 0
        && SafeModeExitRule.consecutiveRecheckPasses(rechecks, configVersion)
            < settings.stableEvaluationsRequired()) {
      automaticRechecksLeft--;
      runProductionRecheck();
      return true;
    }
    return false;
  }

  /** Whether {@link #gatherEvidence} has something to run; reads state only (a wait condition). */
  private boolean evidenceWorkPending() {
    if (!computedEvidence) {
      return false;
    }
    if (rechecksAsked > 0 || !SafeModeExitRule.hasGoldenUnder(evaluations, configVersion)) {
      return true;
    }
    boolean automatic = !configVersion.equals(automaticRechecksFor) || automaticRechecksLeft > 0;
    return automatic
        && SafeModeExitRule.consecutiveRecheckPasses(rechecks, configVersion)
            < settings.stableEvaluationsRequired();
  }

  private void runGoldenRecheck() {
    step = RECHECK;
    clearWait();
    EvaluationSummary golden =
        runEvaluation(
            RECHECK + "-golden-" + (++goldenRechecks),
            GOLDEN,
            DatasetSelection.golden(request.goldenVersion()),
            configVersion);
    evaluations.add(golden);
    if (!golden.isGoldenPass()) {
      findings.add(
          "golden recheck "
              + golden.runId()
              + " under config "
              + configVersion
              + " is "
              + golden.verdict()
              + ": metrics cannot be stable under this config");
    }
  }

  /**
   * One recheck of fresh production tickets of the scope: drawn, labeled, and scored under the
   * config the exit would make current (the config in force without this incident's hold), so the
   * route-only hold does not hide what it hides from customers.
   */
  private void runProductionRecheck() {
    int round = ++recheckRounds;
    step = RECHECK;
    clearWait();
    String runId = incidentId + "-" + RECHECK + "-" + round;
    ProblemSample sample;
    try {
      sample =
          incidents("recheck sample " + round + " of " + request.scope())
              .pullRecheckSample(
                  new RecheckSampleQuery(
                      request.scope(),
                      incidentId,
                      round,
                      request.problemTicketCount(),
                      request.windowDays(),
                      sampleIds));
    } catch (ActivityFailure e) {
      findings.add("recheck " + round + " drew no sample: " + rootMessage(e));
      automaticRechecksLeft = 0;
      rechecksAsked = 0;
      return;
    }
    sampleIds.add(sample.sampleId());
    history.add(
        "recheck "
            + round
            + ": sampled "
            + sample.ticketIds().size()
            + " fresh tickets of "
            + request.scope()
            + " as "
            + sample.sampleId());
    LabelingProgress progress =
        labelSample(
            sample,
            "label "
                + sample.ticketIds().size()
                + " recheck tickets for incident "
                + incidentId
                + " (safe-mode exit evidence)");
    if (progress.labeledTickets() == 0) {
      rechecks.add(
          new ProductionRecheck(
              runId, sample.sampleId(), configVersion, null, ProductionRecheck.NO_LABELS));
      findings.add("recheck " + round + ": no labels by the deadline, no evidence either way");
      return;
    }
    String ref =
        incidents("labeled sample " + sample.sampleId())
            .writeLabeledSample(
                new LabeledSampleRequest(sample.sampleId(), labeling.state().labels()));
    String scored = exitCandidate(round);
    EvaluationSummary evaluation =
        runEvaluation(RECHECK + "-" + round, RECHECK, DatasetSelection.sample(ref), scored);
    evaluations.add(evaluation);
    rechecks.add(
        new ProductionRecheck(
            evaluation.runId(), sample.sampleId(), configVersion, scored, evaluation.verdict()));
    if (!EvaluationSummary.PASS.equals(evaluation.verdict())) {
      findings.add(
          "recheck "
              + evaluation.runId()
              + " of fresh tickets under config "
              + scored
              + " is "
              + evaluation.verdict());
    }
  }

  /** The config this incident's exit would make current; the config in force without a hold. */
  private String exitCandidate(int round) {
    if (holdScope == null || !safeMode) {
      return configVersion;
    }
    PreparedRelease candidate =
        releases.prepare(
            "exit-candidate-" + round,
            List.of(ConfigOperation.releaseSafeMode(holdScope, incidentId)),
            request.openedBy().id());
    if (!candidate.valid() || candidate.candidateVersion() == null) {
      findings.add(
          "recheck "
              + round
              + " scored the config in force: the exit candidate could not be prepared ("
              + ConfigReleaseStep.problems(candidate)
              + ")");
      return configVersion;
    }
    return candidate.candidateVersion();
  }

  private IncidentReport close() {
    step = "closing";
    clearWait();
    List<Participant> participants = new ArrayList<>();
    participants.add(
        new Participant(
            request.openedBy().id(),
            request.openedBy().roles().toString(),
            "opened",
            Instant.ofEpochMilli(Workflow.getInfo().getRunStartedTimestampMillis()),
            request.openedBy().channel(),
            "alarm " + request.alarmName()));
    for (Decision d : approvals.state().decisions()) {
      if (VOTING_DECISIONS.contains(d.type())) {
        participants.add(
            new Participant(
                d.actorId(),
                null,
                d.subject() + " " + d.type().name().toLowerCase(Locale.ROOT),
                d.at(),
                d.channel(),
                d.comment()));
      }
    }
    String decision =
        mitigationDecision
            + (safeModeEntered ? "; safe mode entered and left" : "; safe mode not needed");
    RunbookAudit.step("closing: recording the decision");
    long seq =
        RunbookAudit.activities(
                DecisionLogActivities.class,
                RunbookActivityOptions.STORE,
                "decision log: regression incident "
                    + request.scope()
                    + ", golden "
                    + goldenVerdict)
            .recordDecision(
                new DecisionRecord(
                    incidentId + "/decision",
                    now(),
                    incidentId,
                    KIND,
                    goldenVerdict,
                    decision,
                    participants,
                    findings,
                    goldenArtifact,
                    request.configVersion(),
                    configVersion.equals(request.configVersion()) ? null : configVersion,
                    request.goldenVersion(),
                    null));
    history.add("decision log entry " + seq);
    notify("decision", "oncall", "incident " + incidentId + " closed", decision);
    step = "closed";
    RunbookAudit.memo("decision_log", String.valueOf(seq));
    RunbookAudit.step(
        "closed: golden "
            + goldenVerdict
            + ", config "
            + configVersion
            + (safeModeEntered ? ", safe mode entered and left" : ", safe mode not needed"));
    Workflow.await(Workflow::isEveryHandlerFinished);
    List<Decision> decisions = new ArrayList<>();
    closedLabeling.forEach(l -> decisions.addAll(l.decisions()));
    decisions.addAll(labeling.state().decisions());
    decisions.addAll(approvals.state().decisions());
    return new IncidentReport(
        incidentId,
        request.scope(),
        alarms,
        safeModeEntered,
        safeMode,
        mitigationDecision,
        configVersions,
        evaluations,
        findings,
        decisions,
        seq);
  }

  /** The wait loop of the approval package: reminders, one escalation, expiry as "no change". */
  private ApprovalOutcome awaitApproval(String requestId) {
    ApprovalWait.await(
        approvals,
        requestId,
        pending(requestId).votes().size(),
        () -> {
          PendingApproval pending = pending(requestId);
          waitFor("votes on " + requestId, pending.waitingFor(), pending.until());
          showVotes(pending);
        },
        (notice, id, roles) -> {
          PendingApproval pending = pending(id);
          switch (notice) {
            case VOTE_COUNTED ->
                notify(
                    notice.kind(),
                    Role.audience(pending.waitingFor()),
                    "vote counted on " + id + " for incident " + incidentId,
                    pending.approvalsStillNeeded()
                        + " approval(s) still needed until "
                        + pending.until(),
                    approval(id));
            case REMINDER ->
                notify(
                    notice.kind(),
                    Role.audience(pending.waitingFor()),
                    id + " for incident " + incidentId + " waits for your vote",
                    pending.approvalsStillNeeded() + " approval(s) needed until " + pending.until(),
                    approval(id));
            case ESCALATION ->
                notify(
                    notice.kind(),
                    Role.audience(roles),
                    id + " for incident " + incidentId + " is still waiting",
                    pending.approvalsStillNeeded() + " approval(s) needed until " + pending.until(),
                    approval(id));
          }
        });
    ApprovalOutcome outcome = approvals.outcome(requestId);
    history.add(requestId + " " + outcome.name().toLowerCase(Locale.ROOT));
    notify(
        "decision",
        "oncall",
        requestId + " for incident " + incidentId + ": " + outcome,
        outcome == ApprovalOutcome.APPROVED ? "applying" : "no change is applied",
        approval(requestId));
    return outcome;
  }

  // --- messages -------------------------------------------------------------------------------

  @Override
  public void alarm(AlarmNotice notice) {
    alarms.add(notice);
    history.add(
        (alarms.size() == 1 ? "alarm " : "alarm joined the open incident: ")
            + notice.alarmName()
            + " ("
            + notice.source()
            + ")");
  }

  @Override
  public void recordRefusal(RefusalNotice notice) {
    Instant now = now();
    if ("submitLabel".equals(notice.action()) && labeling != null) {
      labeling.refuse(notice.asLabel(), notice.reason(), now);
    } else {
      approvals.refuse(notice.asVote(), notice.reason(), now);
    }
    history.add(
        "refused "
            + notice.action()
            + " by "
            + (notice.actor() == null ? "unknown" : notice.actor().id())
            + ": "
            + notice.reason());
  }

  @Override
  public void validateSubmitLabel(SubmitLabelRequest label) {
    if (labeling == null) {
      throw new IllegalStateException(
          "incident " + incidentId + " has no labeling sample yet (step " + step + ")");
    }
    labeling.validate(label, now());
  }

  @Override
  public LabelingProgress submitLabel(SubmitLabelRequest label) {
    LabelingProgress progress = labeling.apply(label, now());
    if ("labeling".equals(step) || RECHECK.equals(step)) {
      showLabeling();
    }
    return progress;
  }

  @Override
  public void validateProposeMitigation(MitigationProposal proposal) {
    requireRole(
        proposal == null ? null : proposal.actor(),
        Permission.PROPOSE_MITIGATION,
        "proposing a mitigation");
    if (mitigation != null) {
      throw new IllegalStateException(
          "a mitigation is already proposed by " + mitigation.actor().id());
    }
    if (!"mitigation_proposal".equals(step)) {
      throw new IllegalStateException(
          "a mitigation is proposed after the evaluations, before the proposal deadline;"
              + " the incident is at step "
              + step);
    }
    if (typedReleases) {
      requireNotChecking();
      if (proposal.operations().isEmpty()) {
        throw new IllegalArgumentException(
            "a mitigation is a typed change: at least one operation (one of "
                + ConfigOperation.OPS
                + "); free text is commentary only");
      }
      return;
    }
    if (!proposal.operations().isEmpty()) {
      throw new IllegalArgumentException(
          "incident "
              + incidentId
              + " was opened before typed changes: propose with kind and details"
              + " (disable_templates, adjust_thresholds or rollback)");
    }
    if (!MitigationProposal.KINDS.contains(proposal.kind())) {
      throw new IllegalArgumentException(
          "unknown mitigation kind "
              + proposal.kind()
              + "; one of disable_templates, adjust_thresholds, rollback");
    }
    if (proposal.details().isBlank()) {
      throw new IllegalArgumentException("a mitigation needs details of the change");
    }
  }

  @Override
  public ProposalReceipt proposeMitigation(MitigationProposal proposal) {
    if (typedReleases) {
      return proposeTypedMitigation(proposal);
    }
    List<String> reasons =
        MitigationRule.materialReasons(proposal, request.leadershipApprovalIntents());
    ApprovalPolicy policy =
        reasons.isEmpty() ? settings.oncallPolicy() : settings.leadershipPolicy();
    ApprovalRequest opened =
        ApprovalRequest.of(
            MITIGATION_REQUEST,
            MITIGATION_REQUEST,
            proposal.kind() + ": " + proposal.details(),
            proposal.actor().id(),
            now(),
            policy,
            Map.of(
                "kind", proposal.kind(),
                "material", reasons.isEmpty() ? "no" : String.join("; ", reasons),
                "golden_verdict", String.valueOf(goldenVerdict),
                "config_version", configVersion,
                "report", String.valueOf(goldenArtifact)));
    approvals.open(opened);
    mitigation = proposal;
    notify(
        "approval_requested",
        Role.audience(policy.approverRoles()),
        "approve mitigation for incident " + incidentId,
        opened.summary()
            + (reasons.isEmpty() ? "" : " — material: " + String.join("; ", reasons))
            + "; until "
            + opened.deadline(),
        approval(MITIGATION_REQUEST));
    return receipt(opened, reasons);
  }

  @Override
  public void validateVote(VoteRequest vote) {
    approvals.validate(vote, now());
  }

  @Override
  public RequestState vote(VoteRequest vote) {
    RequestState state = approvals.apply(vote, now());
    approvals.state().pending().stream()
        .filter(p -> p.requestId().equals(vote.requestId()))
        .findFirst()
        .ifPresent(RegressionIncidentWorkflowImpl::showVotes);
    return state;
  }

  @Override
  public void validateRequestSafeModeExit(SafeModeExitRequest exit) {
    requireRole(
        exit == null ? null : exit.actor(),
        Permission.REQUEST_SAFE_MODE_EXIT,
        "requesting safe-mode exit");
    if (!safeMode) {
      throw new IllegalStateException("safe mode is not on for incident " + incidentId);
    }
    if (exitRequestId != null && approvals.isPending(exitRequestId)) {
      throw new IllegalStateException(
          "safe-mode exit " + exitRequestId + " is already waiting for approval");
    }
    if (!"safe_mode_exit".equals(step) && !RECHECK.equals(step)) {
      throw new IllegalStateException(
          "safe-mode exit is requested after the mitigation decision; the incident is at step "
              + step);
    }
    if (typedReleases) {
      requireNotChecking();
      return; // the handler judges the conditions against the config in force, which it asks for
    }
    List<String> unmet = unmetExitConditions();
    if (!unmet.isEmpty()) {
      throw new IllegalStateException("safe-mode exit refused: " + String.join("; ", unmet));
    }
  }

  @Override
  public ProposalReceipt requestSafeModeExit(SafeModeExitRequest exit) {
    if (typedReleases) {
      return requestTypedSafeModeExit(exit);
    }
    exitRequests++;
    String requestId = "safe-mode-exit-" + exitRequests;
    ApprovalRequest opened =
        ApprovalRequest.of(
            requestId,
            "safe_mode_exit",
            "leave safe mode for " + request.scope() + " under config " + configVersion,
            exit.actor().id(),
            now(),
            settings.leadershipPolicy(),
            Map.of(
                "config_version", configVersion,
                "consecutive_passes",
                    String.valueOf(SafeModeExitRule.consecutivePasses(evaluations, configVersion)),
                "qa_window", qaWindow.sampleId()));
    approvals.open(opened);
    exitRequestId = requestId;
    notify(
        "approval_requested",
        Role.audience(opened.policy().approverRoles()),
        "approve safe-mode exit for incident " + incidentId,
        opened.summary() + "; until " + opened.deadline(),
        approval(requestId));
    return receipt(opened, List.of("safe-mode exit"));
  }

  @Override
  public void validateRecordEvaluation(EvaluationNotice evaluation) {
    requireRole(
        evaluation == null ? null : evaluation.actor(),
        Permission.RECORD_EVALUATION,
        "recording an evaluation");
    if (computedEvidence) {
      throw new IllegalStateException(
          "incident "
              + incidentId
              + " computes its own exit evidence: it evaluates the golden set under the config in"
              + " force and fresh production samples itself; a verdict sent by a client is not"
              + " evidence. Ask for one more recheck instead (requestRecheck)");
    }
    if (evaluation.runId() == null || evaluation.runId().isBlank()) {
      throw new IllegalArgumentException("an evaluation needs its run id");
    }
    if (evaluations.stream().anyMatch(e -> e.runId().equals(evaluation.runId()))) {
      throw new IllegalStateException("evaluation " + evaluation.runId() + " is already recorded");
    }
    if (!VERDICTS.contains(evaluation.verdict())) {
      throw new IllegalArgumentException(
          "unknown verdict " + evaluation.verdict() + "; one of STOP, INVESTIGATE, REVIEW, PASS");
    }
    if (evaluation.configVersion() == null || evaluation.configVersion().isBlank()) {
      throw new IllegalArgumentException("an evaluation names the config it scored");
    }
  }

  @Override
  public ExitReadiness recordEvaluation(EvaluationNotice evaluation) {
    if (typedReleases) {
      followConfigInForce();
      if (!evaluation.configVersion().equals(configVersion)) {
        String reason =
            "evaluation "
                + evaluation.runId()
                + " scored config "
                + evaluation.configVersion()
                + "; exit evidence scores the config in force, "
                + configVersion;
        history.add("refused recordEvaluation by " + evaluation.actor().id() + ": " + reason);
        throw ApplicationFailure.newNonRetryableFailure(reason, "NOT_IN_FORCE");
      }
    }
    evaluations.add(
        new EvaluationSummary(
            evaluation.runId(),
            GOLDEN,
            evaluation.configVersion(),
            evaluation.verdict(),
            evaluation.artifactLocation()));
    history.add(
        "evaluation "
            + evaluation.runId()
            + " recorded by "
            + evaluation.actor().id()
            + ": "
            + evaluation.verdict()
            + " under config "
            + evaluation.configVersion());
    Workflow.upsertTypedSearchAttributes(
        RunbookSearchAttributes.VERDICT.valueSet(evaluation.verdict()));
    return readiness();
  }

  @Override
  public void validateRecordQaWindow(QaWindowNotice window) {
    requireRole(
        window == null ? null : window.actor(), Permission.NAME_QA_WINDOW, "recording a QA window");
    if (computedEvidence) {
      if (window.dailyQaRunId() == null || window.dailyQaRunId().isBlank()) {
        throw new IllegalArgumentException(
            "name the daily QA run (dailyQaRunId): the incident reads its window back itself;"
                + " counts or a sample id sent by a client are not evidence");
      }
      if (!safeMode) {
        throw new IllegalStateException("safe mode is not on for incident " + incidentId);
      }
      return;
    }
    if (window.labeledTickets() < 1
        || window.safetyViolations() < 0
        || window.safetyViolations() > window.labeledTickets()) {
      throw new IllegalArgumentException(
          "a QA window needs labeled tickets and at most that many safety violations");
    }
  }

  @Override
  public ExitReadiness recordQaWindow(QaWindowNotice window) {
    if (computedEvidence) {
      return verifyQaWindow(window);
    }
    qaWindow = new QaWindow(window.sampleId(), window.labeledTickets(), window.safetyViolations());
    history.add(
        "QA window "
            + window.sampleId()
            + " recorded by "
            + window.actor().id()
            + ": "
            + window.safetyViolations()
            + " safety violation(s) in "
            + window.labeledTickets()
            + " tickets");
    if (window.safetyViolations() > 0) {
      findings.add(
          window.safetyViolations() + " safety violation(s) in QA window " + window.sampleId());
    }
    return readiness();
  }

  /** Reads the named daily QA run back from Temporal and keeps it as the incident's QA window. */
  private ExitReadiness verifyQaWindow(QaWindowNotice window) {
    QaWindowEvidence evidence;
    try {
      evidence =
          RunbookAudit.activities(
                  QaWindowActivities.class,
                  RunbookActivityOptions.CHECK,
                  "daily QA " + window.dailyQaRunId() + " as QA window")
              .verifyDailyQa(window.dailyQaRunId());
    } catch (ActivityFailure e) {
      String reason = "QA window refused: " + rootMessage(e);
      history.add("refused recordQaWindow by " + window.actor().id() + ": " + reason);
      throw ApplicationFailure.newNonRetryableFailure(reason, "QA_WINDOW_UNVERIFIED");
    }
    followConfigInForce();
    qaEvidence = evidence;
    history.add(
        "QA window: daily QA "
            + evidence.dailyQaRunId()
            + " named by "
            + window.actor().id()
            + ", read back: "
            + evidence.reviewed()
            + " of "
            + evidence.sampleSize()
            + " reviewed, "
            + evidence.safetyViolations()
            + " safety violation(s), team right "
            + evidence.teamCorrect()
            + ", template right "
            + evidence.templateCorrect()
            + ", started "
            + evidence.openedAt());
    if (evidence.safetyViolations() > 0) {
      findings.add(
          evidence.safetyViolations()
              + " safety violation(s) in daily QA "
              + evidence.dailyQaRunId());
    }
    return readiness();
  }

  @Override
  public void validateRequestRecheck(RecheckRequest recheck) {
    requireRole(
        recheck == null ? null : recheck.actor(),
        Permission.REQUEST_RECHECK,
        "asking for a recheck");
    if (!computedEvidence) {
      throw new IllegalStateException(
          "incident " + incidentId + " was opened before the incident ran its own rechecks");
    }
    if (!safeMode) {
      throw new IllegalStateException("safe mode is not on for incident " + incidentId);
    }
    if (!"safe_mode_exit".equals(step) && !RECHECK.equals(step)) {
      throw new IllegalStateException(
          "rechecks are exit evidence, gathered after the mitigation decision; the incident is at"
              + " step "
              + step);
    }
  }

  @Override
  public ExitReadiness requestRecheck(RecheckRequest recheck) {
    rechecksAsked++;
    history.add(
        "recheck asked for by "
            + recheck.actor().id()
            + (recheck.comment().isBlank() ? "" : ": " + recheck.comment()));
    return readiness();
  }

  @Override
  public HumanStepsState humanSteps() {
    return new HumanStepsState(
        waitingFor == null || waitingFor.isBlank() ? null : waitingFor,
        true,
        approvals.state(),
        true,
        labeling == null ? null : labeling.state(),
        labeling == null ? null : labelingSampleRef);
  }

  @Override
  public IncidentState state() {
    return new IncidentState(
        incidentId,
        request.scope(),
        step,
        waitingFor,
        waitingOn,
        until,
        safeMode,
        configVersion,
        alarms,
        labeling == null ? null : labeling.state(),
        approvals.state(),
        evaluations,
        findings,
        safeMode ? unmetExitConditions() : List.of(),
        history,
        computedEvidence,
        rechecks,
        qaEvidence,
        closedLabeling);
  }

  // --- typed config releases (config-releases.md) ------------------------------------------

  /** The release step every runbook that changes the router config shares. */
  private final ConfigReleaseStep releases = new ConfigReleaseStep(new IncidentReleases());

  /** What the shared release step asks of an incident. */
  private final class IncidentReleases implements ConfigReleaseStep.Runbook {
    @Override
    public String releaseOwner() {
      return incidentId;
    }

    @Override
    public ApprovalBook approvals() {
      return approvals;
    }

    @Override
    public ApprovalPolicy approvalPolicy(boolean leadership) {
      return leadership ? settings.leadershipPolicy() : settings.oncallPolicy();
    }

    @Override
    public String approvalKind(String requestId) {
      return requestId.startsWith("safe-mode-exit") ? "safe_mode_exit" : MITIGATION_REQUEST;
    }

    @Override
    public Map<String, String> approvalEvidence() {
      return Map.of(
          "golden_verdict", String.valueOf(goldenVerdict),
          "report", String.valueOf(goldenArtifact));
    }

    @Override
    public void approvalRequested(ApprovalRequest opened, String text) {
      RegressionIncidentWorkflowImpl.this.notify(
          "approval_requested",
          Role.audience(opened.policy().approverRoles()),
          "approve " + opened.kind().replace('_', ' ') + " for incident " + incidentId,
          text,
          approval(opened.requestId()));
    }

    @Override
    public ApprovalOutcome awaitApproval(String requestId) {
      return RegressionIncidentWorkflowImpl.this.awaitApproval(requestId);
    }

    @Override
    public ConfigReleaseStep.CandidateEvaluation evaluateCandidate(String candidateVersion) {
      EvaluationSummary gate =
          runEvaluation(
              GATE + "-" + (++gateRuns),
              GOLDEN,
              DatasetSelection.golden(request.goldenVersion()),
              candidateVersion);
      evaluations.add(gate);
      return new ConfigReleaseStep.CandidateEvaluation(gate.runId(), gate.verdict());
    }

    @Override
    public void enterStep(String name) {
      step = name;
      clearWait();
    }

    @Override
    public void record(String line) {
      history.add(line);
    }
  }

  /**
   * Holds safe mode for the incident's scope, the incident being the holder (§5). A scope that is
   * neither a team nor an intent of the taxonomy is held as {@code *}: the safe side.
   *
   * @return the version now in force, or null when no hold could be applied (recorded as a finding)
   */
  private String holdSafeMode() {
    String scope = request.scope();
    PreparedRelease hold =
        releases.prepare(
            "safe-mode-hold",
            List.of(ConfigOperation.holdSafeMode(scope, incidentId)),
            request.openedBy().id());
    if (!hold.valid()) {
      findings.add(
          "scope "
              + scope
              + " is not a team or an intent of the taxonomy: safe mode held for everything (*)");
      scope = "*";
      hold =
          releases.prepare(
              "safe-mode-hold-all",
              List.of(ConfigOperation.holdSafeMode(scope, incidentId)),
              request.openedBy().id());
    }
    if (!hold.valid()) {
      findings.add("safe mode could not be held: " + ConfigReleaseStep.problems(hold));
      return null;
    }
    AppliedRelease applied =
        releases.apply(
            hold,
            hold.digest(),
            List.of(RULE_HOLD),
            request.openedBy().id(),
            "customer harm possible: alarm " + request.alarmName(),
            null,
            null);
    if (applied.status() != AppliedRelease.Status.APPLIED) {
      findings.add("safe mode could not be held: " + applied.reason());
      return null;
    }
    holdScope = scope;
    return applied.version();
  }

  /**
   * Typed mitigations: each proposal is validated and prepared when it arrives; a release that
   * cannot be applied (gate refused, store refused) sends the incident back here with the reason,
   * the safe-mode hold kept. Rejected or expired approvals end with "no change".
   */
  private void decideTypedMitigation() {
    String refusedBefore = "";
    while (true) {
      proposedRelease = null;
      mitigation = null;
      if (!awaitProposal(
          () -> proposedRelease != null,
          "a typed change (set_threshold, disable_template, enable_template, set_model,"
              + " set_prompt, rollback_to)",
          refusedBefore)) {
        return;
      }
      PreparedRelease release = proposedRelease;
      ReleaseEnd end =
          release(
              release, mitigationRequestId(proposals), mitigation.details(), "mitigation_approval");
      if (end.version() != null) {
        newConfigVersion(end.version());
        mitigationDecision =
            "applied: " + release.change().describe() + " as config " + end.version();
        history.add(mitigationDecision);
        RunbookAudit.memo(
            "mitigation",
            "applied " + release.change().describe(),
            "config_version",
            end.version());
        notify("decision", "oncall", "incident " + incidentId, mitigationDecision);
        return;
      }
      if (end.approversSaidNo()) {
        mitigationDecision = "no change: mitigation " + end.reason();
        history.add(mitigationDecision);
        RunbookAudit.memo("mitigation", "no_change: " + end.reason());
        return;
      }
      findings.add("mitigation " + release.change().describe() + " not applied: " + end.reason());
      history.add("mitigation not applied, back to the proposal: " + end.reason());
      refusedBefore = "; the last proposal was not applied: " + end.reason();
    }
  }

  private void requireNotChecking() {
    if (checking) {
      throw new IllegalStateException(
          "another proposal or exit request of incident "
              + incidentId
              + " is being checked against the config in force; try again in a moment");
    }
  }

  /**
   * Asks the config store for the version in force: another runbook's change (a hold, a mitigation)
   * moves it, and evidence counts only under the config customers get now.
   */
  private void followConfigInForce() {
    String inForce;
    try {
      inForce =
          RunbookAudit.activities(
                  ConfigReleaseActivities.class, RunbookActivityOptions.CHECK, "config in force")
              .inForce();
    } catch (ActivityFailure e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the config store cannot say which config is in force: " + rootMessage(e),
          "STORE_UNAVAILABLE");
    }
    if (!inForce.equals(configVersion)) {
      history.add("the config in force moved to " + inForce + " (another change landed)");
      newConfigVersion(inForce);
    }
  }

  /** One release through the shared step (config-releases §1, §2, §4), by its proposer. */
  private ReleaseEnd release(
      PreparedRelease prepared, String requestId, String comment, String approvalStep) {
    return releases.release(prepared, requestId, proposerOf(requestId), comment, approvalStep);
  }

  private ProposalReceipt proposeTypedMitigation(MitigationProposal proposal) {
    proposals++;
    PreparedRelease prepared;
    checking = true;
    try {
      prepared =
          releases.prepare("mitigation-" + proposals, proposal.operations(), proposal.actor().id());
    } finally {
      checking = false;
    }
    if (!prepared.valid()) {
      String reason = "mitigation refused: " + ConfigReleaseStep.problems(prepared);
      history.add("refused proposeMitigation by " + proposal.actor().id() + ": " + reason);
      throw ConfigReleaseStep.refusal(reason, prepared);
    }
    mitigation = proposal;
    proposedRelease = prepared;
    String requestId = mitigationRequestId(proposals);
    history.add(
        "mitigation proposed by "
            + proposal.actor().id()
            + ": "
            + prepared.change().describe()
            + " on config "
            + prepared.change().baseVersion()
            + " (digest "
            + prepared.digest()
            + ", "
            + prepared.gate()
            + ")");
    if (prepared.gate() == ReleaseRules.Gate.IMMEDIATE) {
      releases.openApproval(
          requestId, prepared, proposal.actor().id(), proposal.details(), null, null);
    }
    ApprovalPolicy policy = releases.policy(prepared, null);
    return new ProposalReceipt(
        requestId,
        prepared.material(),
        prepared.materialReasons(),
        policy.approverRoles(),
        policy.minApprovals(),
        isOpen(requestId) ? evidenceDeadline(requestId) : null,
        prepared.digest(),
        prepared.diffLines(),
        prepared.gate().name());
  }

  private ProposalReceipt requestTypedSafeModeExit(SafeModeExitRequest exit) {
    // The exit loop wakes on exitRequests: count the request only once it is prepared and open.
    String requestId = "safe-mode-exit-" + (exitRequests + 1);
    PreparedRelease prepared;
    checking = true;
    try {
      followConfigInForce();
      List<String> unmet = unmetExitConditions();
      if (!unmet.isEmpty()) {
        String reason = "safe-mode exit refused: " + String.join("; ", unmet);
        history.add("refused requestSafeModeExit by " + exit.actor().id() + ": " + reason);
        throw ApplicationFailure.newNonRetryableFailure(reason, "EXIT_CONDITIONS_UNMET");
      }
      prepared =
          releases.prepare(
              requestId,
              List.of(ConfigOperation.releaseSafeMode(holdScope, incidentId)),
              exit.actor().id());
    } finally {
      checking = false;
    }
    if (!prepared.valid()) {
      String reason = "safe-mode exit refused: " + ConfigReleaseStep.problems(prepared);
      history.add("refused requestSafeModeExit by " + exit.actor().id() + ": " + reason);
      throw ConfigReleaseStep.refusal(reason, prepared);
    }
    exitRelease = prepared;
    exitRequestId = requestId;
    releases.openApproval(requestId, prepared, exit.actor().id(), exit.comment(), null, null);
    exitRequests++;
    ApprovalPolicy policy = releases.policy(prepared, null);
    return new ProposalReceipt(
        requestId,
        true,
        prepared.materialReasons(),
        policy.approverRoles(),
        policy.minApprovals(),
        evidenceDeadline(requestId),
        prepared.digest(),
        prepared.diffLines(),
        prepared.gate().name());
  }

  private String proposerOf(String requestId) {
    return approvals.state().requests().stream()
        .filter(r -> r.request().requestId().equals(requestId))
        .map(r -> r.request().proposedBy())
        .findFirst()
        .orElse(mitigation == null ? request.openedBy().id() : mitigation.actor().id());
  }

  private boolean isOpen(String requestId) {
    return approvals.state().requests().stream()
        .anyMatch(r -> r.request().requestId().equals(requestId));
  }

  private Instant evidenceDeadline(String requestId) {
    return approvals.state().requests().stream()
        .filter(r -> r.request().requestId().equals(requestId))
        .findFirst()
        .orElseThrow()
        .request()
        .deadline();
  }

  private static String mitigationRequestId(int proposal) {
    return MITIGATION_REQUEST + "-" + proposal;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return String.valueOf(t.getMessage());
  }

  // --- helpers --------------------------------------------------------------------------------

  private List<String> unmetExitConditions() {
    if (computedEvidence) {
      return SafeModeExitRule.unmetComputedConditions(
          evaluations,
          rechecks,
          configVersion,
          settings.stableEvaluationsRequired(),
          qaEvidence,
          configSince,
          settings.qaTeamCorrectness(),
          settings.qaTemplateCorrectness());
    }
    return SafeModeExitRule.unmetConditions(
        evaluations, configVersion, settings.stableEvaluationsRequired(), qaWindow);
  }

  private ExitReadiness readiness() {
    return new ExitReadiness(
        computedEvidence
            ? SafeModeExitRule.consecutiveRecheckPasses(rechecks, configVersion)
            : SafeModeExitRule.consecutivePasses(evaluations, configVersion),
        settings.stableEvaluationsRequired(),
        unmetExitConditions());
  }

  private void newConfigVersion(String version) {
    configVersion = version;
    configSince = now();
    configVersions.add(version);
    Workflow.upsertTypedSearchAttributes(RunbookSearchAttributes.CONFIG_VERSION.valueSet(version));
  }

  private List<String> approvers(String requestId) {
    return approvals.state().requests().stream()
        .filter(r -> r.request().requestId().equals(requestId))
        .flatMap(r -> r.votes().stream())
        .filter(Vote::approve)
        .map(v -> v.actor().id())
        .toList();
  }

  private PendingApproval pending(String requestId) {
    return approvals.state().pending().stream()
        .filter(p -> p.requestId().equals(requestId))
        .findFirst()
        .orElseThrow();
  }

  private ApprovalPolicy policy(String requestId) {
    return approvals.state().requests().stream()
        .filter(r -> r.request().requestId().equals(requestId))
        .findFirst()
        .orElseThrow()
        .request()
        .policy();
  }

  private static ProposalReceipt receipt(ApprovalRequest opened, List<String> materialReasons) {
    return new ProposalReceipt(
        opened.requestId(),
        !materialReasons.isEmpty(),
        materialReasons,
        opened.policy().approverRoles(),
        opened.policy().minApprovals(),
        opened.deadline());
  }

  /** Refuses an actor the permissions table does not allow {@code permission}. */
  private static void requireRole(Actor actor, Permission permission, String action) {
    if (actor == null) {
      throw new IllegalArgumentException(action + " needs an actor");
    }
    if (!permission.allows(actor)) {
      throw new IllegalArgumentException(
          "actor "
              + actor.id()
              + " has roles "
              + actor.roles()
              + "; "
              + action
              + " needs "
              + Arrays.stream(permission.rolesArray())
                  .map(Enum::name)
                  .collect(Collectors.joining(" or ")));
    }
  }

  /** An incident activity whose call the UI shows as {@code summary}. */
  private static IncidentActivities incidents(String summary) {
    return RunbookAudit.activities(IncidentActivities.class, RunbookActivityOptions.STORE, summary);
  }

  private void showLabeling() {
    LabelingProgress progress = labeling.progress();
    RunbookAudit.step(
        "waiting for labelers: "
            + progress.labeledTickets()
            + " of "
            + progress.sampleSize()
            + " labeled, quorum "
            + (progress.quorumReached() ? "reached" : "not reached")
            + ", until "
            + until);
  }

  private static void showVotes(PendingApproval pending) {
    RunbookAudit.step(
        "waiting for "
            + Role.audience(pending.waitingFor())
            + " votes on "
            + pending.requestId()
            + ": "
            + pending.approvalsStillNeeded()
            + " more approval(s) needed, until "
            + pending.until());
  }

  private void waitFor(String what, Set<Role> roles, Instant deadline) {
    waitingFor = what;
    waitingOn = roles;
    until = deadline;
  }

  private void clearWait() {
    waitFor("", Set.of(), null);
  }

  private void notify(String kind, String audience, String title, String text) {
    notifier.notify(new Notification(kind, incidentId, audience, title, text));
  }

  // --- approval notices (Slack message per request) ---

  private void notify(
      String kind, String audience, String title, String text, ApprovalNotice approval) {
    notifier.notify(new Notification(kind, incidentId, audience, title, text, approval));
  }

  private ApprovalNotice approval(String requestId) {
    EvaluationOutcome golden = goldenOutcome;
    // Votes go to the workflow id, which finds the open incident of the scope.
    return ApprovalNotice.of(
        Workflow.getInfo().getWorkflowId(),
        approvals.state(),
        requestId,
        golden == null
            ? new ApprovalNotice.Evidence(
                goldenVerdict, null, null, null, null, null, null, goldenArtifact)
            : new ApprovalNotice.Evidence(
                golden.verdict(),
                golden.accuracy(),
                golden.macroF1(),
                null,
                null,
                golden.tier0FalseNegatives(),
                golden.tier2Violations(),
                golden.artifactLocation()));
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
