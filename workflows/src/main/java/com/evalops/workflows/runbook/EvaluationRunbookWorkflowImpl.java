package com.evalops.workflows.runbook;

import com.evalops.workflows.RunbookActivityOptions;
import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.approval.ApprovalBook;
import com.evalops.workflows.approval.ApprovalOutcome;
import com.evalops.workflows.approval.ApprovalPolicy;
import com.evalops.workflows.approval.ApprovalRequest;
import com.evalops.workflows.approval.ApprovalWait;
import com.evalops.workflows.approval.HumanNotice;
import com.evalops.workflows.approval.HumanStepRefusals;
import com.evalops.workflows.approval.HumanStepsState;
import com.evalops.workflows.approval.HumanWait;
import com.evalops.workflows.approval.LabelingProgress;
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
import com.evalops.workflows.cadence.IncidentStarterActivities;
import com.evalops.workflows.cadence.OpenIncidentRequest;
import com.evalops.workflows.cadence.ProductionInputsActivities;
import com.evalops.workflows.config.ConfigChangeActivities;
import com.evalops.workflows.config.ConfigChangeRequest;
import com.evalops.workflows.config.ConfigReleaseStep;
import com.evalops.workflows.config.ConfigReleaseStep.ReleaseEnd;
import com.evalops.workflows.config.PreparedRelease;
import com.evalops.workflows.notify.ApprovalNotice;
import com.evalops.workflows.notify.Notification;
import com.evalops.workflows.notify.NotifierActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one evaluation end to end, against the accepted baseline of its golden version unless told
 * otherwise. A PASS is accepted (it becomes the baseline only by the weekly review's accept); any
 * other verdict puts the recommended actions to on-call. A decision that changes the router config
 * is a typed change released through the {@link ConfigReleaseStep} every runbook shares; safe mode
 * is held by a regression incident, which owns the hold and its exit.
 */
public class EvaluationRunbookWorkflowImpl implements EvaluationRunbookWorkflow {
  /**
   * Version 1: a run without a named baseline compares with the accepted baseline of its golden
   * version (one more activity, {@code AcceptedBaseline}), and a PASS is never accepted as baseline
   * here. Histories recorded before it replay on the default version.
   */
  static final String ACCEPTED_BASELINE_CHANGE = "accepted-baseline";

  /**
   * Version 1: on-call's decision becomes a typed config change (threshold_adjust → {@code
   * set_threshold}, template_disable → {@code disable_template}, rollback → {@code rollback_to}),
   * validated when decided and released through {@link ConfigReleaseStep}: digest-bound approval,
   * the one materiality rule, the release gate, compare-and-set. A safe_mode decision opens or
   * joins the regression incident for every scope instead of holding safe mode itself. Runs that
   * reached their decision before it replay the recommendation-kind path ({@code
   * ApplyConfigChange}).
   */
  static final String TYPED_DECISIONS = "typed-config-decisions";

  static final String GATE = "gate";

  /** The step while approvers decide on a typed change. */
  static final String APPROVE = "approve";

  /** Opening or joining an incident is quick; a Temporal server that is down is waited out. */
  static final ActivityOptions INCIDENT =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(20).build())
          .build();

  /** A million tickets take minutes; the harness heartbeats every two seconds. */
  static final ActivityOptions HARNESS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofHours(1))
          .setHeartbeatTimeout(Duration.ofMinutes(1))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
          .build();

  private final EvaluationActivities harness =
      Workflow.newActivityStub(EvaluationActivities.class, HARNESS);
  private final NotifierActivities notifier =
      Workflow.newActivityStub(NotifierActivities.class, RunbookActivityOptions.NOTIFY);
  private final ConfigChangeActivities configChanges =
      Workflow.newActivityStub(ConfigChangeActivities.class, RunbookActivityOptions.STORE);

  private final String runId;
  private final StartEvaluationRequest request;
  private final EvaluationSettings settings;
  private final List<String> history = new ArrayList<>();
  private final ApprovalBook approvals = new ApprovalBook();
  private final List<Participant> participants = new ArrayList<>();
  private String step = "select";
  private String verdict;
  private String baselineRunId;
  private String decision;
  private List<RecommendedAction> recommendations = List.of();
  private DecideRequest chosen;
  private String waitingFor;
  private Instant waitingUntil;
  private DatasetSnapshot dataset;
  private HarnessRun run;
  private boolean typedDecisions;
  private int decisions;
  private int gateRuns;
  private PreparedRelease decided;
  // A decision whose change the config store is checking: a second one waits its turn.
  private boolean checking;
  private final ConfigReleaseStep releases = new ConfigReleaseStep(new DecisionReleases());

  @WorkflowInit
  public EvaluationRunbookWorkflowImpl(StartEvaluationRequest request) {
    this.runId = request.runId();
    this.request = request;
    this.settings = request.settingsOrDefaults();
  }

  @Override
  public EvaluationOutcome run(StartEvaluationRequest request) {
    Workflow.upsertTypedSearchAttributes(
        RunbookSearchAttributes.RUNBOOK_KIND.valueSet(request.runbookKind()),
        RunbookSearchAttributes.CONFIG_VERSION.valueSet(request.configVersion()));

    dataset = harness.selectDataset(request.dataset());
    history.add(
        "selected "
            + dataset.kind()
            + " "
            + dataset.version()
            + " ("
            + dataset.count()
            + " tickets, sha256 "
            + dataset.sha256()
            + ")");
    if (dataset.version() != null) {
      Workflow.upsertTypedSearchAttributes(
          RunbookSearchAttributes.DATASET_VERSION.valueSet(dataset.version()));
    }

    int version = Workflow.getVersion(ACCEPTED_BASELINE_CHANGE, Workflow.DEFAULT_VERSION, 1);
    boolean baselineByReview = version >= 1;
    baselineRunId = request.baselineRunId();
    if (baselineByReview && baselineRunId == null && !request.noBaseline()) {
      baselineRunId = acceptedBaseline(dataset);
    }
    history.add(
        baselineRunId != null
            ? "compared with baseline " + baselineRunId
            : request.noBaseline() ? "compared with no baseline, as asked" : "no baseline");

    step = "run";
    RunbookAudit.step("running the harness on " + describe(dataset));
    run =
        RunbookAudit.activities(
                EvaluationActivities.class,
                HARNESS,
                "harness on " + describe(dataset) + " under config " + request.configVersion())
            .runHarness(
                new RunHarnessRequest(
                    request.runId(), dataset, request.configVersion(), baselineRunId));
    history.add("harness wrote " + run.artifactLocation());

    step = "interpret";
    verdict = run.verdict();
    Workflow.upsertTypedSearchAttributes(RunbookSearchAttributes.VERDICT.valueSet(verdict));
    // The memo is what the Temporal UI shows beside the run: the evidence, by reference.
    RunbookAudit.memo(
        "dataset", describe(dataset),
        "config_version", request.configVersion(),
        "baseline_run", baselineRunId,
        "artifacts", run.artifactLocation(),
        "verdict", verdict);
    RunbookAudit.step("verdict " + verdict + "; report " + run.artifactLocation());
    history.add("verdict " + verdict + ": " + String.join("; ", run.reasons()));

    step = "decide";
    recommendations = Recommendations.of(run);
    boolean pass = "PASS".equals(verdict);
    String appliedVersion = null;
    if (pass && baselineByReview) {
      decision = "accepted";
      participants.add(
          Participant.rule(
              now(),
              "PASS is accepted (run requested by "
                  + request.requestedBy()
                  + "); it becomes the baseline only by the weekly review's accept"));
    } else if (pass) {
      decision = request.acceptAsBaseline() ? "accepted_as_baseline" : "accepted";
      participants.add(
          Participant.rule(
              now(), "PASS is accepted (run requested by " + request.requestedBy() + ")"));
    } else if (!settings.askOncall()) {
      decision = "reported_to_caller";
      participants.add(
          Participant.rule(
              now(), run.verdict() + " reported to the runbook that started this run"));
    } else {
      appliedVersion = decideWithPeople(request, run);
    }
    history.add("decision " + decision);
    RunbookAudit.memo("decision", decision);

    step = "store";
    Instant now = now();
    long seq =
        RunbookAudit.activities(
                DecisionLogActivities.class,
                RunbookActivityOptions.STORE,
                "decision log: " + request.runbookKind() + " " + verdict + ", " + decision)
            .recordDecision(
                new DecisionRecord(
                    Workflow.getInfo().getWorkflowId() + "/decision",
                    now,
                    request.runId(),
                    request.runbookKind(),
                    verdict,
                    decision,
                    participants,
                    run.reasons(),
                    run.artifactLocation(),
                    request.configVersion(),
                    appliedVersion,
                    dataset.version(),
                    dataset.sha256()));
    history.add("decision log entry " + seq);
    notifier.notify(
        new Notification(
            "verdict",
            request.runId(),
            "oncall",
            request.runbookKind() + " " + request.runId() + ": " + verdict,
            "accuracy "
                + run.accuracy()
                + ", macro F1 "
                + run.macroF1()
                + ", Tier 0 FN "
                + run.tier0FalseNegatives()
                + ", Tier 2 violations "
                + run.tier2Violations()
                + "; report "
                + run.artifactLocation()));
    step = "done";
    RunbookAudit.step("done: " + verdict + ", " + decision + "; report " + run.artifactLocation());
    Workflow.await(Workflow::isEveryHandlerFinished);
    return new EvaluationOutcome(
        request.runId(),
        verdict,
        run.reasons(),
        run.accuracy(),
        run.macroF1(),
        run.tier0FalseNegatives(),
        run.tier2Violations(),
        run.artifactLocation(),
        decision,
        recommendations,
        seq,
        baselineRunId,
        run.safeMode(),
        run.unsafeAutomations());
  }

  /** The accepted baseline of the run's golden version; a sample has none. */
  private String acceptedBaseline(DatasetSnapshot dataset) {
    if (!DatasetSelection.GOLDEN.equals(dataset.kind()) || dataset.version() == null) {
      return null;
    }
    RunbookAudit.step("finding the accepted baseline of golden " + dataset.version());
    return RunbookAudit.activities(
            DecisionLogActivities.class,
            RunbookActivityOptions.STORE,
            "accepted baseline of golden " + dataset.version())
        .acceptedBaseline(dataset.version());
  }

  /**
   * A verdict other than PASS: on-call chooses within the deadline (reminded meanwhile); a change
   * to the config then waits for its approvers; no choice or no approval changes nothing.
   *
   * @return the config version the approved change created, or null
   */
  private String decideWithPeople(StartEvaluationRequest request, HarnessRun run) {
    typedDecisions =
        Workflow.getVersion(TYPED_DECISIONS, Workflow.DEFAULT_VERSION, 1)
            != Workflow.DEFAULT_VERSION;
    if (typedDecisions) {
      return decideTyped();
    }
    notify(
        "decision_needed",
        "oncall",
        run.verdict() + " for " + request.runId() + ": choose an action",
        recommendations.stream().map(a -> a.kind() + " (" + a.detail() + ")").toList().toString());
    waitingFor = "ONCALL decision";
    waitingUntil = now().plus(settings.decisionDeadline());
    RunbookAudit.step(
        "verdict " + run.verdict() + ": waiting for an on-call decision until " + waitingUntil);
    HumanWait.await(
        () -> chosen != null,
        HumanWait.Schedule.reminders(waitingUntil, now(), settings.decisionReminderInterval()),
        () -> {},
        notice ->
            notify(
                notice.kind(), "oncall", "still waiting for a decision on " + request.runId(), ""));
    waitingFor = null;
    waitingUntil = null;
    if (chosen == null) {
      decision = "no_change";
      participants.add(
          Participant.rule(now(), "no on-call decision by the deadline: nothing changes"));
      notify(
          "escalation",
          "leadership",
          request.runId() + ": no on-call decision by the deadline",
          "verdict " + run.verdict() + "; nothing was changed");
      return null;
    }
    if (!ConfigChangeRequest.KINDS.contains(chosen.action())) {
      decision = chosen.action();
      return null;
    }
    return approveAndApply(request, run);
  }

  private String approveAndApply(StartEvaluationRequest request, HarnessRun run) {
    boolean material =
        recommendations.stream().anyMatch(a -> a.kind().equals(chosen.action()) && a.material());
    ApprovalPolicy policy =
        material
            ? ApprovalPolicy.leadership(
                settings.leadershipApprovals(),
                settings.approvalDeadline(),
                settings.approvalReminderInterval(),
                settings.remindersBeforeEscalation())
            : ApprovalPolicy.oncall(
                settings.approvalDeadline(),
                settings.approvalReminderInterval(),
                settings.remindersBeforeEscalation());
    String requestId = request.runId() + "/" + chosen.action();
    approvals.open(
        ApprovalRequest.of(
            requestId,
            "config_change",
            chosen.action() + " after " + run.verdict() + " of " + request.runId(),
            chosen.actor().id(),
            now(),
            policy,
            Map.of(
                "verdict", run.verdict(),
                "config_version", run.configVersion(),
                "artifacts", run.artifactLocation())));
    String audience = material ? "leadership" : "oncall";
    notify(
        "approval_requested",
        audience,
        "approve " + requestId + "?",
        chosen.comment(),
        approval(requestId, run));
    ApprovalOutcome outcome = awaitVotes(requestId);
    List<String> approvers = new ArrayList<>();
    approvals.state().requests().stream()
        .filter(r -> r.request().requestId().equals(requestId))
        .flatMap(r -> r.votes().stream())
        .forEach(
            v -> {
              participants.add(
                  new Participant(
                      v.actor().id(),
                      v.actor().roles().toString(),
                      v.approve() ? "approved" : "rejected",
                      v.at(),
                      v.actor().channel(),
                      v.comment()));
              if (v.approve()) {
                approvers.add(v.actor().id());
              }
            });
    if (outcome != ApprovalOutcome.APPROVED) {
      decision = "no_change";
      participants.add(
          Participant.rule(now(), chosen.action() + " " + outcome + ": nothing changes"));
      notify(
          "decision",
          "oncall",
          requestId + " " + outcome + ": no change",
          "",
          approval(requestId, run));
      return null;
    }
    Double threshold = chosen.threshold() != null ? chosen.threshold() : run.recommendedThreshold();
    String version =
        configChanges.apply(
            new ConfigChangeRequest(
                Workflow.getInfo().getWorkflowId() + "/" + chosen.action(),
                chosen.action(),
                run.configVersion(),
                threshold,
                chosen.template(),
                chosen.rollbackTo(),
                chosen.actor().id(),
                approvers,
                chosen.comment(),
                request.runId()));
    Workflow.upsertTypedSearchAttributes(RunbookSearchAttributes.CONFIG_VERSION.valueSet(version));
    decision = "applied " + chosen.action() + " as config " + version;
    notify(
        "decision",
        "oncall",
        requestId + " applied as config " + version,
        "",
        approval(requestId, run));
    return version;
  }

  /**
   * Waits until approval request {@code requestId} is decided: a notice per vote counted,
   * reminders, one escalation to the roles its policy names, expiry as "no change".
   */
  private ApprovalOutcome awaitVotes(String requestId) {
    ApprovalPolicy policy = requestOf(requestId).request().policy();
    String audience = Role.audience(policy.approverRoles());
    waitingFor = policy.approverRoles() + " approval";
    RunbookAudit.step("waiting for " + audience + " approval of " + requestId);
    ApprovalOutcome outcome =
        ApprovalWait.await(
            approvals,
            requestId,
            0,
            () -> waitingUntil = approvals.nextWakeUp(requestId, now()),
            (notice, id, roles) ->
                notify(
                    notice.kind(),
                    Role.audience(roles),
                    notice == HumanNotice.VOTE_COUNTED
                        ? "vote counted on " + id
                        : "approval " + id + " is waiting",
                    "",
                    approval(id, run)));
    waitingFor = null;
    waitingUntil = null;
    return outcome;
  }

  // --- typed decisions (config-releases.md) -----------------------------------------------------

  /**
   * On-call decides until the deadline; a change is released through the shared step. A release the
   * gate or the store refuses is recorded with its reason and the run asks on-call again (a new
   * deadline); a rejected or expired approval, or no decision, changes nothing.
   *
   * @return the config version the change made current, or null
   */
  private String decideTyped() {
    String refusedBefore = "";
    while (true) {
      chosen = null;
      decided = null;
      if (!awaitDecision(refusedBefore)) {
        return null;
      }
      if (ConfigChangeRequest.SAFE_MODE.equals(chosen.action())) {
        holdThroughIncident();
        return null;
      }
      if (!DecisionChange.changesConfig(chosen.action())) {
        decision = chosen.action();
        return null;
      }
      String requestId = runId + "/" + chosen.action() + "-" + decisions;
      ReleaseEnd end =
          releases.release(decided, requestId, chosen.actor().id(), chosen.comment(), APPROVE);
      addVotes(requestId);
      // The outcome goes in the thread of the release's last request, when one was opened.
      ApprovalNotice last = lastRequest(requestId).map(id -> approval(id, run)).orElse(null);
      if (end.version() != null) {
        Workflow.upsertTypedSearchAttributes(
            RunbookSearchAttributes.CONFIG_VERSION.valueSet(end.version()));
        decision = "applied " + chosen.action() + " as config " + end.version();
        history.add("applied " + decided.change().describe() + " as config " + end.version());
        notify("decision", "oncall", requestId + " applied as config " + end.version(), "", last);
        return end.version();
      }
      if (end.approversSaidNo()) {
        String outcome = end.reason().toUpperCase(Locale.ROOT);
        decision = "no_change";
        participants.add(
            Participant.rule(now(), chosen.action() + " " + outcome + ": nothing changes"));
        notify("decision", "oncall", requestId + " " + outcome + ": no change", "", last);
        return null;
      }
      participants.add(Participant.rule(now(), chosen.action() + " not applied: " + end.reason()));
      history.add("decision not applied, back to the decision: " + end.reason());
      if (last != null) {
        notify("decision", "oncall", requestId + " not applied", end.reason(), last);
      }
      refusedBefore = "; the last decision was not applied: " + end.reason();
    }
  }

  /**
   * Waits for on-call's decision until the decision deadline, reminding on the way; the run is at
   * step {@code decide} before on-call is told, so a decision can follow the notice at once.
   *
   * @return false, with "no change" recorded and leadership told, when none came by the deadline
   */
  private boolean awaitDecision(String refusedBefore) {
    step = "decide";
    waitingFor = "ONCALL decision";
    waitingUntil = now().plus(settings.decisionDeadline());
    RunbookAudit.step(
        "verdict " + verdict + ": waiting for an on-call decision until " + waitingUntil);
    notify(
        "decision_needed",
        "oncall",
        verdict + " for " + runId + ": choose an action",
        recommendations.stream().map(a -> a.kind() + " (" + a.detail() + ")").toList()
            + refusedBefore);
    HumanWait.await(
        () -> chosen != null,
        HumanWait.Schedule.reminders(waitingUntil, now(), settings.decisionReminderInterval()),
        () -> {},
        notice -> notify(notice.kind(), "oncall", "still waiting for a decision on " + runId, ""));
    // A decision being checked at the deadline was made in time.
    Workflow.await(() -> !checking);
    waitingFor = null;
    waitingUntil = null;
    if (chosen != null) {
      return true;
    }
    decision = "no_change";
    participants.add(
        Participant.rule(now(), "no on-call decision by the deadline: nothing changes"));
    notify(
        "escalation",
        "leadership",
        runId + ": no on-call decision by the deadline",
        "verdict " + verdict + "; nothing was changed");
    return false;
  }

  /**
   * Safe mode belongs to a regression incident (config-releases §5): the decision opens the
   * incident for every scope, or joins the open one, which holds safe mode at once and releases it
   * only by its own approved exit. This run holds nothing itself.
   */
  private void holdThroughIncident() {
    step = "safe_mode";
    RunbookAudit.step("asking the regression incident for every scope to hold safe mode");
    String incident =
        RunbookAudit.activities(
                IncidentStarterActivities.class,
                INCIDENT,
                "regression incident for every scope: safe mode after " + verdict)
            .openIncident(
                new OpenIncidentRequest(
                    WorkflowIds.ALL_SCOPES,
                    "evaluation-" + verdict.toLowerCase(Locale.ROOT),
                    true,
                    List.of(),
                    Workflow.getInfo().getWorkflowId() + "/safe_mode",
                    "evaluation"));
    decision = "safe_mode held by incident " + incident;
    participants.add(
        Participant.rule(
            now(),
            "safe mode is held by regression incident "
                + incident
                + ", which releases it only by its approved exit"));
    history.add("safe mode asked of incident " + incident + ", which holds it and owns its exit");
    notify(
        "decision",
        "oncall",
        runId + ": safe mode held by incident " + incident,
        "the incident holds safe mode for every scope until its approved exit");
  }

  /** The release's last approval request: {@code requestId} or its latest re-approval. */
  private Optional<String> lastRequest(String requestId) {
    return approvals.state().requests().stream()
        .map(r -> r.request().requestId())
        .filter(id -> id.equals(requestId) || id.startsWith(requestId + "-r"))
        .reduce((a, b) -> b);
  }

  /** Each vote on the release's requests ({@code requestId}, its re-approvals) as a participant. */
  private void addVotes(String requestId) {
    approvals.state().requests().stream()
        .filter(
            r ->
                r.request().requestId().equals(requestId)
                    || r.request().requestId().startsWith(requestId + "-r"))
        .flatMap(r -> r.votes().stream())
        .forEach(v -> participants.add(participant(v)));
  }

  private static Participant participant(Vote v) {
    return new Participant(
        v.actor().id(),
        v.actor().roles().toString(),
        v.approve() ? "approved" : "rejected",
        v.at(),
        v.actor().channel(),
        v.comment());
  }

  /** What the shared release step asks of this runbook. */
  private final class DecisionReleases implements ConfigReleaseStep.Runbook {
    @Override
    public String releaseOwner() {
      return Workflow.getInfo().getWorkflowId();
    }

    @Override
    public ApprovalBook approvals() {
      return approvals;
    }

    @Override
    public ApprovalPolicy approvalPolicy(boolean leadership) {
      return leadership
          ? ApprovalPolicy.leadership(
              settings.leadershipApprovals(),
              settings.approvalDeadline(),
              settings.approvalReminderInterval(),
              settings.remindersBeforeEscalation())
          : ApprovalPolicy.oncall(
              settings.approvalDeadline(),
              settings.approvalReminderInterval(),
              settings.remindersBeforeEscalation());
    }

    @Override
    public String approvalKind(String requestId) {
      return "config_change";
    }

    @Override
    public Map<String, String> approvalEvidence() {
      return Map.of("verdict", run.verdict(), "artifacts", run.artifactLocation());
    }

    @Override
    public void approvalRequested(ApprovalRequest opened, String text) {
      EvaluationRunbookWorkflowImpl.this.notify(
          "approval_requested",
          Role.audience(opened.policy().approverRoles()),
          "approve " + opened.requestId() + "?",
          text,
          approval(opened.requestId(), run));
    }

    @Override
    public ApprovalOutcome awaitApproval(String requestId) {
      return awaitVotes(requestId);
    }

    /**
     * A child evaluation of the candidate on the golden version this run evaluated, or for a sample
     * run the current one; reported to this run, never put to on-call.
     */
    @Override
    public ConfigReleaseStep.CandidateEvaluation evaluateCandidate(String candidateVersion) {
      String golden =
          DatasetSelection.GOLDEN.equals(dataset.kind()) && dataset.version() != null
              ? dataset.version()
              : RunbookAudit.activities(
                      ProductionInputsActivities.class,
                      RunbookActivityOptions.STORE,
                      "current golden version")
                  .productionInputs()
                  .currentGoldenVersion();
      String gateRun = runId + "-" + GATE + "-" + (++gateRuns);
      return ReleaseGateRun.evaluate(
          gateRun,
          request.runbookKind(),
          golden,
          candidateVersion,
          request.requestedBy(),
          settings);
    }

    @Override
    public void enterStep(String name) {
      step = name;
      waitingFor = null;
      waitingUntil = null;
    }

    @Override
    public void record(String line) {
      history.add(line);
    }
  }

  @Override
  public void validateDecide(DecideRequest request) {
    if (!"decide".equals(step) || waitingUntil == null || chosen != null) {
      throw new IllegalStateException(
          "run " + runId + " is not waiting for a decision (step " + step + ")");
    }
    if (checking) {
      throw new IllegalStateException(
          "another decision on run "
              + runId
              + " is being checked against the config in force; try again in a moment");
    }
    if (!Permission.DECIDE.allows(request.actor())) {
      throw new IllegalArgumentException(
          "deciding needs the ONCALL role; "
              + (request.actor() == null
                  ? "no actor"
                  : request.actor().id() + " has " + request.actor().roles()));
    }
    List<String> allowed = new ArrayList<>(List.of("no_change"));
    recommendations.forEach(a -> allowed.add(a.kind()));
    if (!allowed.contains(request.action())) {
      throw new IllegalArgumentException(
          "action \"" + request.action() + "\" is not one of " + allowed);
    }
    if (typedDecisions) {
      DecisionChange.validate(request, run.recommendedThreshold());
    }
  }

  @Override
  public String decide(DecideRequest request) {
    String change = "";
    if (typedDecisions && DecisionChange.changesConfig(request.action())) {
      decided = prepare(request);
      change =
          " as "
              + decided.change().describe()
              + " on config "
              + decided.change().baseVersion()
              + " (digest "
              + decided.digest()
              + ", "
              + decided.gate()
              + (decided.material()
                  ? ", material: " + String.join("; ", decided.materialReasons())
                  : "")
              + ")";
    }
    chosen = request;
    participants.add(
        new Participant(
            request.actor().id(),
            Role.ONCALL.name(),
            "decided " + request.action(),
            now(),
            request.actor().channel(),
            request.comment()));
    history.add("on-call " + request.actor().id() + " chose " + request.action() + change);
    return "recorded: " + request.action() + change;
  }

  /**
   * Prepares the decision's typed change against the config in force; a change the store refuses
   * refuses the decision (recorded, naming the field), and the run waits for another one.
   */
  private PreparedRelease prepare(DecideRequest request) {
    int number = decisions + 1;
    PreparedRelease prepared;
    checking = true;
    try {
      prepared =
          releases.prepare(
              request.action() + "-" + number,
              DecisionChange.operations(request, run.recommendedThreshold()),
              request.actor().id());
    } finally {
      checking = false;
    }
    if (!prepared.valid()) {
      String reason = "decision refused: " + DecisionChange.refusal(request, prepared.problems());
      history.add("refused decide by " + request.actor().id() + ": " + reason);
      throw ConfigReleaseStep.refusal(
          reason,
          prepared,
          DecisionChange.field(request.action(), prepared.problems().get(0).field()));
    }
    decisions = number;
    return prepared;
  }

  @Override
  public void validateVote(VoteRequest request) {
    approvals.validate(request, now());
  }

  @Override
  public RequestState vote(VoteRequest request) {
    return approvals.apply(request, now());
  }

  @Override
  public void recordRefusal(RefusalNotice refused) {
    participants.add(
        new Participant(
            refused.actor() == null ? "unknown" : refused.actor().id(),
            refused.actor() == null ? null : refused.actor().roles().toString(),
            "refused " + refused.action(),
            now(),
            refused.actor() == null ? null : refused.actor().channel(),
            refused.reason()));
    history.add("refused " + refused.action() + ": " + refused.reason());
  }

  private void notify(String kind, String audience, String title, String text) {
    notifier.notify(new Notification(kind, runId, audience, title, text));
  }

  // --- approval notices (Slack message per request) ---

  private void notify(
      String kind, String audience, String title, String text, ApprovalNotice approval) {
    notifier.notify(new Notification(kind, runId, audience, title, text, approval));
  }

  private ApprovalNotice approval(String requestId, HarnessRun run) {
    return ApprovalNotice.of(
        Workflow.getInfo().getWorkflowId(),
        approvals.state(),
        requestId,
        new ApprovalNotice.Evidence(
            run.verdict(),
            run.accuracy(),
            run.macroF1(),
            run.macroF1Delta(),
            run.baselineRunId(),
            run.tier0FalseNegatives(),
            run.tier2Violations(),
            run.artifactLocation()));
  }

  private RequestState requestOf(String requestId) {
    return approvals.state().requests().stream()
        .filter(r -> r.request().requestId().equals(requestId))
        .findFirst()
        .orElseThrow();
  }

  private static String describe(DatasetSnapshot dataset) {
    return dataset.kind()
        + (dataset.version() == null ? "" : " " + dataset.version())
        + " ("
        + dataset.count()
        + " tickets, sha256 "
        + dataset.sha256().substring(0, 12)
        + ")";
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  @Override
  public void validateSubmitLabel(SubmitLabelRequest label) {
    throw HumanStepRefusals.noLabels("an evaluation runbook");
  }

  @Override
  public LabelingProgress submitLabel(SubmitLabelRequest label) {
    throw HumanStepRefusals.noLabels("an evaluation runbook");
  }

  @Override
  public HumanStepsState humanSteps() {
    return HumanStepsState.votes(waitingFor, approvals.state());
  }

  @Override
  public RunbookState state() {
    return new RunbookState(
        runId, step, verdict, decision, waitingFor, waitingUntil, history, approvals.state());
  }
}
