package com.evalops.workflows.cadence;

import com.evalops.workflows.ErrorType;
import com.evalops.workflows.RunbookActivityOptions;
import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.approval.ApprovalBook;
import com.evalops.workflows.approval.ApprovalOutcome;
import com.evalops.workflows.approval.ApprovalPolicy;
import com.evalops.workflows.approval.ApprovalRequest;
import com.evalops.workflows.approval.ApprovalWait;
import com.evalops.workflows.approval.Decision;
import com.evalops.workflows.approval.HumanNotice;
import com.evalops.workflows.approval.HumanStepRefusals;
import com.evalops.workflows.approval.HumanStepsState;
import com.evalops.workflows.approval.LabelingProgress;
import com.evalops.workflows.approval.PendingApproval;
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
import com.evalops.workflows.config.ConfigReleaseStep;
import com.evalops.workflows.config.ConfigReleaseStep.ReleaseEnd;
import com.evalops.workflows.config.PreparedRelease;
import com.evalops.workflows.notify.ApprovalNotice;
import com.evalops.workflows.notify.Notification;
import com.evalops.workflows.notify.NotifierActivities;
import com.evalops.workflows.runbook.EvaluationSettings;
import com.evalops.workflows.runbook.ReleaseGateRun;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Analyse → propose → approve → apply → store. A proposal that changes nothing, a rejection and an
 * expired approval all end in an explicit "no change"; only an approved proposal creates a new
 * router-config version. The proposal is one typed config change released through the {@link
 * ConfigReleaseStep} every runbook shares: approved on its digest by whom the one materiality rule
 * names, gated by a golden evaluation of the candidate, applied by compare-and-set.
 */
public class MonthlyCalibrationWorkflowImpl implements MonthlyCalibrationWorkflow {
  static final String KIND = "monthly";
  static final String APPLIED = "applied";
  static final String NO_CHANGE = "no_change";

  /**
   * Version 1: the approved proposal is one typed change (the global threshold, template enable and
   * disable) released through {@link ConfigReleaseStep}; the proposal's materiality is the one rule
   * of config-releases §3. Runs recorded before it replay the {@code ApplyCalibration} path.
   */
  static final String TYPED_RELEASES = "typed-config-releases";

  static final String GATE = "gate";

  /** A month of routing log is read in one pass; minutes at most, retried a few times. */
  static final ActivityOptions ANALYSIS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(30))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
          .build();

  private final NotifierActivities notifier =
      Workflow.newActivityStub(NotifierActivities.class, RunbookActivityOptions.NOTIFY);

  private final String month;
  private final String runId;
  private final ApprovalBook book = new ApprovalBook();
  private final List<String> history = new ArrayList<>();
  private String step = "inputs";
  private String configVersion;
  private ChangeProposal proposal;
  private String decision;
  private String goldenVersion;
  private CalibrationSummary summary;
  private MonthlyCalibrationSettings settings;
  private String uniqueId;
  private int gateRuns;
  private final ConfigReleaseStep releases = new ConfigReleaseStep(new CalibrationReleases());

  /**
   * A scheduled run has no month: it takes the month before its start, in the schedule's zone. A
   * request with a month (every run before schedules existed) takes no time reading and issues the
   * same commands as before, so recorded histories replay without a version marker.
   */
  @WorkflowInit
  public MonthlyCalibrationWorkflowImpl(MonthlyCalibrationRequest request) {
    this.month =
        CadencePeriods.orDerived(
            request.month(),
            () ->
                CadencePeriods.previousMonth(
                    Instant.ofEpochMilli(Workflow.currentTimeMillis()),
                    CadencePeriods.zone(request.zone())));
    this.runId = "monthly-" + month;
    Workflow.registerListener(
        new CalibrationMessagesBefore() {
          @Override
          public RequestState vote(VoteRequest vote) {
            return MonthlyCalibrationWorkflowImpl.this.vote(vote);
          }

          @Override
          public void validateVote(VoteRequest vote) {
            MonthlyCalibrationWorkflowImpl.this.validateVote(vote);
          }

          @Override
          public void recordRefusal(RefusalNotice refusal) {
            MonthlyCalibrationWorkflowImpl.this.recordRefusal(refusal);
          }
        });
  }

  @Override
  public CalibrationReport run(MonthlyCalibrationRequest request) {
    Workflow.upsertTypedSearchAttributes(RunbookSearchAttributes.RUNBOOK_KIND.valueSet(KIND));
    settings = request.settings();
    Instant to = endOfMonth(month);
    Instant from = to.minus(Duration.ofDays(windowDays(month, request.windowDays())));

    RunbookAudit.step("reading what production runs on for " + month);
    ProductionInputs inputs =
        RunbookAudit.activities(
                ProductionInputsActivities.class,
                RunbookActivityOptions.STORE,
                "production inputs for " + month)
            .productionInputs();
    configVersion = inputs.prodConfigVersion();
    goldenVersion = inputs.currentGoldenVersion();
    Workflow.upsertTypedSearchAttributes(
        RunbookSearchAttributes.CONFIG_VERSION.valueSet(configVersion));
    RunbookAudit.memo(
        "kind", KIND,
        "month", month,
        "window", from + " to " + to,
        "config_version", configVersion);

    step = "analyze";
    String analysis = "routing log from " + from + " to " + to + " under config " + configVersion;
    RunbookAudit.step("analysing the " + analysis);
    summary =
        RunbookAudit.activities(
                CalibrationActivities.class, ANALYSIS, "calibration of the " + analysis)
            .analyze(
                new CalibrationQuery(runId, from, to, configVersion, settings.targetPrecision()));
    history.add(
        "analysed "
            + summary.tickets()
            + " tickets from "
            + from
            + " to "
            + to
            + " ("
            + summary.overridden()
            + " overridden); findings in "
            + summary.artifactLocation());

    step = "propose";
    proposal = ChangeProposals.of(runId + "/proposal", summary);
    boolean typed =
        Workflow.getVersion(TYPED_RELEASES, Workflow.DEFAULT_VERSION, 1)
            != Workflow.DEFAULT_VERSION;
    PreparedRelease prepared = typed && proposal.changesConfig() ? prepare(request) : null;
    history.add("proposed: " + proposal.headline());
    RunbookAudit.memo(
        "tickets", String.valueOf(summary.tickets()),
        "overridden", String.valueOf(summary.overridden()),
        "analysis", summary.artifactLocation(),
        "proposal", proposal.proposalId(),
        "changes_config", String.valueOf(proposal.changesConfig()),
        "material", String.valueOf(proposal.material()));

    List<String> reasons = new ArrayList<>();
    reasons.add("proposal: " + proposal.headline());
    reasons.addAll(proposal.notes());
    List<Participant> participants = new ArrayList<>();
    String approvalOutcome = null;
    String newVersion = null;
    Instant now = now();
    if (!proposal.changesConfig()) {
      decision = NO_CHANGE;
      participants.add(
          Participant.rule(now, "runbook rule: the analysis proposes no router-config change"));
    } else if (prepared != null) {
      newVersion = release(request, prepared, reasons);
      approvalOutcome = lastRequestId().map(id -> book.outcome(id).name()).orElse(null);
      participants.addAll(participantsFromBook());
      decision = newVersion != null ? APPLIED : NO_CHANGE;
    } else {
      step = "approve";
      ApprovalOutcome outcome = awaitApproval(request, settings, summary);
      approvalOutcome = outcome.name();
      participants.addAll(participantsFromBook());
      if (outcome == ApprovalOutcome.APPROVED) {
        step = "apply";
        newVersion = apply(request, reasons);
      }
      decision = newVersion != null ? APPLIED : NO_CHANGE;
      if (outcome != ApprovalOutcome.APPROVED) {
        reasons.add("approval " + outcome + ": no change is applied");
      }
    }
    history.add("decision " + decision);
    RunbookAudit.memo(
        "approval", approvalOutcome,
        "decision", decision,
        "new_config_version", newVersion);

    step = "store";
    RunbookAudit.step("recording the decision: " + decision);
    now = now();
    long seq =
        RunbookAudit.activities(
                DecisionLogActivities.class,
                RunbookActivityOptions.STORE,
                "decision log: monthly calibration " + month + ", " + decision)
            .recordDecision(
                new DecisionRecord(
                    Workflow.getInfo().getWorkflowId() + "/decision",
                    now,
                    runId,
                    KIND,
                    approvalOutcome,
                    decision,
                    participants,
                    reasons,
                    summary.artifactLocation(),
                    configVersion,
                    newVersion,
                    null,
                    null));
    history.add("decision log entry " + seq);
    notifier.notify(
        new Notification(
            "decision",
            runId,
            "oncall",
            "monthly calibration " + month + ": " + decision,
            proposal.headline()
                + (newVersion != null ? "; new router config " + newVersion : "")
                + "; analysis "
                + summary.artifactLocation(),
            lastRequestId().map(this::approval).orElse(null)));
    step = "done";
    RunbookAudit.step(
        "done: "
            + decision
            + (newVersion != null ? " as config " + newVersion : "")
            + "; analysis "
            + summary.artifactLocation());
    Workflow.await(Workflow::isEveryHandlerFinished);
    return new CalibrationReport(
        runId,
        month,
        configVersion,
        proposal,
        decision,
        approvalOutcome,
        newVersion,
        reasons,
        summary.artifactLocation(),
        seq);
  }

  private ApprovalOutcome awaitApproval(
      MonthlyCalibrationRequest request,
      MonthlyCalibrationSettings settings,
      CalibrationSummary summary) {
    ApprovalPolicy policy =
        proposal.material()
            ? ApprovalPolicy.leadership(
                settings.leadershipApprovals(),
                settings.approvalDeadline(),
                settings.reminderInterval(),
                settings.remindersBeforeEscalation())
            : ApprovalPolicy.oncall(
                settings.approvalDeadline(),
                settings.reminderInterval(),
                settings.remindersBeforeEscalation());
    String requestId = requestId();
    Map<String, String> evidence = new LinkedHashMap<>();
    evidence.put("artifact", summary.artifactLocation());
    evidence.put("config_version", configVersion);
    evidence.put("tickets", Long.toString(summary.tickets()));
    evidence.put("overridden", Long.toString(summary.overridden()));
    if (proposal.material()) {
      evidence.put("material", String.join("; ", proposal.materialReasons()));
    }
    book.open(
        ApprovalRequest.of(
            requestId,
            "calibration",
            proposal.headline(),
            request.requestedBy(),
            now(),
            policy,
            evidence));
    history.add(
        "approval requested from "
            + Role.audience(policy.approverRoles())
            + " ("
            + policy.minApprovals()
            + " needed)");
    notifier.notify(
        new Notification(
            "approval_requested",
            runId,
            Role.audience(policy.approverRoles()),
            "monthly calibration " + month + " needs approval",
            proposal.headline() + "; analysis " + summary.artifactLocation(),
            approval(requestId)));

    ApprovalOutcome outcome = awaitVotes(requestId);
    history.add("approval " + outcome);
    return outcome;
  }

  /**
   * Waits until approval request {@code requestId} is decided: a notice per vote counted,
   * reminders, one escalation, expiry as "no change".
   */
  private ApprovalOutcome awaitVotes(String requestId) {
    return ApprovalWait.await(
        book,
        requestId,
        0,
        this::showApproval,
        (notice, id, roles) ->
            notifier.notify(
                new Notification(
                    notice.kind(),
                    runId,
                    Role.audience(roles),
                    switch (notice) {
                      case VOTE_COUNTED -> "vote counted on monthly calibration " + month;
                      case REMINDER ->
                          "reminder: monthly calibration " + month + " waits for approval";
                      case ESCALATION ->
                          "monthly calibration " + month + " still waits for approval";
                    },
                    notice == HumanNotice.VOTE_COUNTED
                        ? proposal.headline()
                        : proposal.headline()
                            + "; deadline "
                            + book.state().pending().get(0).until(),
                    approval(id))));
  }

  // --- typed release (config-releases.md) --------------------------------------------------------

  /**
   * The proposal as one typed change, prepared against the config in force; its materiality is the
   * one rule's from now on. Releases and the candidate's evaluations are named from this run's own
   * id: a month may be calibrated by hand and by its schedule.
   */
  private PreparedRelease prepare(MonthlyCalibrationRequest request) {
    String runOfTemporal = Workflow.sideEffect(String.class, () -> Workflow.getInfo().getRunId());
    uniqueId = WorkflowIds.uniqueRun(Workflow.getInfo().getWorkflowId(), runOfTemporal);
    RunbookAudit.step("checking " + proposal.proposalId() + " against the config in force");
    PreparedRelease prepared =
        releases.prepare("calibration", proposal.operations(), request.requestedBy());
    if (prepared.valid()) {
      proposal = proposal.withMaterialReasons(prepared.materialReasons());
      history.add(
          "prepared as "
              + prepared.change().describe()
              + " on config "
              + prepared.change().baseVersion()
              + " (digest "
              + prepared.digest()
              + ", "
              + prepared.gate()
              + ")");
    }
    return prepared;
  }

  /**
   * Approval, release gate and compare-and-set through the shared step. A change that cannot be
   * prepared is never put to a vote; a refusal (gate, store) is recorded with its reason.
   *
   * @return the version made current, or null for no change
   */
  private String release(
      MonthlyCalibrationRequest request, PreparedRelease prepared, List<String> reasons) {
    if (!prepared.valid()) {
      String refused = "not put to a vote: " + ConfigReleaseStep.problems(prepared);
      history.add(refused);
      reasons.add(refused);
      return null;
    }
    step = "approve";
    ReleaseEnd end =
        releases.release(
            prepared, requestId(), request.requestedBy(), proposal.headline(), "approve");
    if (end.version() != null) {
      Workflow.upsertTypedSearchAttributes(
          RunbookSearchAttributes.CONFIG_VERSION.valueSet(end.version()));
      history.add(
          "applied as router config "
              + end.version()
              + ": "
              + String.join("; ", prepared.diffLines()));
      List<String> approvers =
          approvedVotes().stream().map(v -> v.actor().id()).distinct().toList();
      reasons.add("approved by " + String.join(", ", approvers));
      return end.version();
    }
    if (end.approversSaidNo()) {
      String outcome = end.reason().toUpperCase(Locale.ROOT);
      history.add("approval " + outcome);
      reasons.add("approval " + outcome + ": no change is applied");
    } else {
      history.add("not applied: " + end.reason());
      reasons.add("not applied: " + end.reason());
    }
    return null;
  }

  /** What the shared release step asks of the monthly calibration. */
  private final class CalibrationReleases implements ConfigReleaseStep.Runbook {
    @Override
    public String releaseOwner() {
      return uniqueId;
    }

    @Override
    public ApprovalBook approvals() {
      return book;
    }

    @Override
    public ApprovalPolicy approvalPolicy(boolean leadership) {
      return leadership
          ? ApprovalPolicy.leadership(
              settings.leadershipApprovals(),
              settings.approvalDeadline(),
              settings.reminderInterval(),
              settings.remindersBeforeEscalation())
          : ApprovalPolicy.oncall(
              settings.approvalDeadline(),
              settings.reminderInterval(),
              settings.remindersBeforeEscalation());
    }

    @Override
    public String approvalKind(String requestId) {
      return "calibration";
    }

    @Override
    public Map<String, String> approvalEvidence() {
      return Map.of(
          "artifact", summary.artifactLocation(),
          "tickets", Long.toString(summary.tickets()),
          "overridden", Long.toString(summary.overridden()));
    }

    @Override
    public void approvalRequested(ApprovalRequest opened, String text) {
      ApprovalPolicy policy = opened.policy();
      history.add(
          "approval "
              + opened.requestId()
              + " requested from "
              + Role.audience(policy.approverRoles())
              + " ("
              + policy.minApprovals()
              + " needed)");
      notifier.notify(
          new Notification(
              "approval_requested",
              runId,
              Role.audience(policy.approverRoles()),
              "monthly calibration " + month + " needs approval",
              text + "; analysis " + summary.artifactLocation(),
              approval(opened.requestId())));
    }

    @Override
    public ApprovalOutcome awaitApproval(String requestId) {
      return awaitVotes(requestId);
    }

    /** The current golden version under the candidate, as a child reported to this run. */
    @Override
    public ConfigReleaseStep.CandidateEvaluation evaluateCandidate(String candidateVersion) {
      String gateRun = uniqueId + "-" + GATE + "-" + (++gateRuns);
      return ReleaseGateRun.evaluate(
          gateRun,
          KIND,
          goldenVersion,
          candidateVersion,
          Workflow.getInfo().getWorkflowId(),
          EvaluationSettings.defaults());
    }

    @Override
    public void enterStep(String name) {
      step = name;
    }

    @Override
    public void record(String line) {
      history.add(line);
    }
  }

  /** Applies the approved proposal; a config that moved meanwhile means no change. */
  private String apply(MonthlyCalibrationRequest request, List<String> reasons) {
    List<String> approvers = approvedVotes().stream().map(v -> v.actor().id()).distinct().toList();
    RunbookAudit.step("applying " + proposal.proposalId() + " to config " + configVersion);
    try {
      AppliedChange applied =
          RunbookAudit.activities(
                  CalibrationActivities.class,
                  RunbookActivityOptions.STORE,
                  "apply " + proposal.proposalId() + " to config " + configVersion)
              .applyProposal(
                  new ApplyProposalRequest(
                      Workflow.getInfo().getWorkflowId() + "/change",
                      month,
                      proposal,
                      request.requestedBy(),
                      approvers,
                      runId,
                      Workflow.getInfo().getWorkflowId() + "/decision"));
      Workflow.upsertTypedSearchAttributes(
          RunbookSearchAttributes.CONFIG_VERSION.valueSet(applied.newConfigVersion()));
      history.add(
          "applied as router config "
              + applied.newConfigVersion()
              + " (change "
              + applied.changeEntryId()
              + "): "
              + String.join("; ", applied.diff()));
      reasons.add("approved by " + String.join(", ", approvers));
      return applied.newConfigVersion();
    } catch (ActivityFailure e) {
      if (e.getCause() instanceof ApplicationFailure failure
          && ErrorType.CONFLICT.name().equals(failure.getType())) {
        history.add("not applied: " + failure.getOriginalMessage());
        reasons.add("approved, but not applied: " + failure.getOriginalMessage());
        return null;
      }
      throw e;
    }
  }

  @Override
  public RequestState vote(VoteRequest vote) {
    RequestState state = book.apply(vote, now());
    if (book.isPending(requestId())) {
      showApproval();
    }
    history.add(
        (vote.approve() ? "approve" : "reject")
            + " vote by "
            + vote.actor().id()
            + " via "
            + vote.actor().channel());
    return state;
  }

  @Override
  public void validateVote(VoteRequest vote) {
    book.validate(vote, now());
  }

  @Override
  public void recordRefusal(RefusalNotice refusal) {
    book.refuse(refusal.asVote(), refusal.reason(), now());
  }

  @Override
  public void validateSubmitLabel(SubmitLabelRequest label) {
    throw HumanStepRefusals.noLabels("monthly calibration " + month);
  }

  @Override
  public LabelingProgress submitLabel(SubmitLabelRequest label) {
    throw HumanStepRefusals.noLabels("monthly calibration " + month);
  }

  @Override
  public HumanStepsState humanSteps() {
    return HumanStepsState.votes(
        book.state().pending().isEmpty() ? null : "the approval of the proposal", book.state());
  }

  @Override
  public CalibrationState state() {
    return new CalibrationState(
        runId, step, configVersion, proposal, decision, book.state(), history);
  }

  /** Who the approval waits for and until when, counted: the run's details while it waits. */
  private void showApproval() {
    PendingApproval pending = book.state().pending().get(0);
    RunbookAudit.step(
        "waiting for "
            + Role.audience(pending.waitingFor())
            + " approval of "
            + proposal.proposalId()
            + ": "
            + pending.approvalsStillNeeded()
            + " more needed, until "
            + pending.until());
  }

  // --- approval notices (Slack message per request) ---

  private ApprovalNotice approval(String requestId) {
    ApprovalNotice.Evidence evidence =
        new ApprovalNotice.Evidence(
            null, null, null, null, null, null, null, summary.artifactLocation());
    return ApprovalNotice.of(Workflow.getInfo().getWorkflowId(), book.state(), requestId, evidence);
  }

  /** The request opened last (a re-approval after the config moved), if any was. */
  private Optional<String> lastRequestId() {
    List<RequestState> requests = book.state().requests();
    return requests.isEmpty()
        ? Optional.empty()
        : Optional.of(requests.get(requests.size() - 1).request().requestId());
  }

  private ApprovalPolicy policyOf(String requestId) {
    return book.state().requests().stream()
        .filter(r -> r.request().requestId().equals(requestId))
        .findFirst()
        .orElseThrow()
        .request()
        .policy();
  }

  private String requestId() {
    return runId + "/approval";
  }

  private List<Vote> approvedVotes() {
    return book.state().requests().stream()
        .flatMap(r -> r.votes().stream())
        .filter(Vote::approve)
        .toList();
  }

  /** Each entry of the approval trail as a Decision Log participant, voters with their roles. */
  private List<Participant> participantsFromBook() {
    Map<String, Set<Role>> roles = new LinkedHashMap<>();
    book.state().requests().stream()
        .flatMap(r -> r.votes().stream())
        .forEach(v -> roles.put(v.actor().id(), v.actor().roles()));
    book.state().refusals().stream()
        .filter(r -> r.actor() != null)
        .forEach(r -> roles.putIfAbsent(r.actor().id(), r.actor().roles()));
    List<Participant> participants = new ArrayList<>();
    for (Decision d : book.state().decisions()) {
      Set<Role> actorRoles = roles.get(d.actorId());
      participants.add(
          new Participant(
              d.actorId(),
              actorRoles == null ? null : Role.audience(actorRoles),
              d.type().name().toLowerCase(Locale.ROOT),
              d.at(),
              d.channel(),
              d.comment()));
    }
    return participants;
  }

  /** The whole month when the request names no window (a scheduled run). */
  private static int windowDays(String month, int requested) {
    return requested > 0 ? requested : YearMonth.parse(month).lengthOfMonth();
  }

  private static Instant endOfMonth(String month) {
    try {
      return YearMonth.parse(month).plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "month must read like 2025-12, was \"" + month + "\"", ErrorType.INVALID_INPUT.name());
    }
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
