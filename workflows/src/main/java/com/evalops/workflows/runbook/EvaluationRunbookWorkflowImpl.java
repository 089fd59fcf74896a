package com.evalops.workflows.runbook;

import com.evalops.workflows.RunbookActivityOptions;
import com.evalops.workflows.approval.ApprovalBook;
import com.evalops.workflows.approval.ApprovalOutcome;
import com.evalops.workflows.approval.ApprovalPolicy;
import com.evalops.workflows.approval.ApprovalRequest;
import com.evalops.workflows.approval.RefusalNotice;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.approval.VoteRequest;
import com.evalops.workflows.audit.DecisionLogActivities;
import com.evalops.workflows.audit.DecisionRecord;
import com.evalops.workflows.audit.Participant;
import com.evalops.workflows.audit.RunbookAudit;
import com.evalops.workflows.audit.RunbookSearchAttributes;
import com.evalops.workflows.config.ConfigChangeActivities;
import com.evalops.workflows.config.ConfigChangeRequest;
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
import java.util.Map;

/**
 * Runs one evaluation end to end, against the accepted baseline of its golden version unless told
 * otherwise. A PASS is accepted (it becomes the baseline only by the weekly review's accept); any
 * other verdict records "no change" with the recommended actions and tells on-call.
 */
public class EvaluationRunbookWorkflowImpl implements EvaluationRunbookWorkflow {
  /**
   * Version 1: a run without a named baseline compares with the accepted baseline of its golden
   * version (one more activity, {@code AcceptedBaseline}), and a PASS is never accepted as baseline
   * here. Histories recorded before it replay on the default version.
   */
  static final String ACCEPTED_BASELINE_CHANGE = "accepted-baseline";

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

  @WorkflowInit
  public EvaluationRunbookWorkflowImpl(StartEvaluationRequest request) {
    this.runId = request.runId();
    this.settings = request.settingsOrDefaults();
  }

  @Override
  public EvaluationOutcome run(StartEvaluationRequest request) {
    Workflow.upsertTypedSearchAttributes(
        RunbookSearchAttributes.RUNBOOK_KIND.valueSet(request.runbookKind()),
        RunbookSearchAttributes.CONFIG_VERSION.valueSet(request.configVersion()));

    DatasetSnapshot dataset = harness.selectDataset(request.dataset());
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
    HarnessRun run =
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
        run.safeMode());
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
    notify(
        "decision_needed",
        "oncall",
        run.verdict() + " for " + request.runId() + ": choose an action",
        recommendations.stream().map(a -> a.kind() + " (" + a.detail() + ")").toList().toString());
    waitingFor = "ONCALL decision";
    waitingUntil = now().plus(settings.decisionDeadline());
    RunbookAudit.step(
        "verdict " + run.verdict() + ": waiting for an on-call decision until " + waitingUntil);
    while (chosen == null && now().isBefore(waitingUntil)) {
      Duration wait = Duration.between(now(), waitingUntil);
      if (wait.compareTo(settings.decisionReminderInterval()) > 0) {
        wait = settings.decisionReminderInterval();
      }
      Workflow.await(wait, () -> chosen != null);
      if (chosen == null && now().isBefore(waitingUntil)) {
        notify("reminder", "oncall", "still waiting for a decision on " + request.runId(), "");
      }
    }
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
    waitingFor = policy.approverRoles() + " approval";
    RunbookAudit.step("waiting for " + audience + " approval of " + requestId);
    int votesShown = 0;
    while (approvals.isPending(requestId)) {
      waitingUntil = approvals.nextWakeUp(requestId, now());
      int shown = votesShown;
      Workflow.await(
          Duration.between(now(), waitingUntil),
          () -> !approvals.isPending(requestId) || votesOn(requestId) > shown);
      if (approvals.isPending(requestId) && votesOn(requestId) > votesShown) {
        votesShown = votesOn(requestId);
        notify(
            "approval_updated",
            audience,
            "vote counted on " + requestId,
            "",
            approval(requestId, run));
      }
      Instant now = now();
      if (approvals.escalationDue(requestId, now)) {
        notify(
            "escalation",
            "leadership",
            "approval " + requestId + " is waiting",
            "",
            approval(requestId, run));
        approvals.recordEscalation(requestId, now);
      } else if (approvals.remindersDue(requestId, now) > 0) {
        notify(
            "reminder",
            audience,
            "approval " + requestId + " is waiting",
            "",
            approval(requestId, run));
        approvals.recordReminder(requestId, now);
      }
      approvals.expireIfDue(now);
    }
    waitingFor = null;
    waitingUntil = null;
    ApprovalOutcome outcome = approvals.outcome(requestId);
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

  @Override
  public void validateDecide(DecideRequest request) {
    if (!"decide".equals(step) || waitingUntil == null || chosen != null) {
      throw new IllegalStateException(
          "run " + runId + " is not waiting for a decision (step " + step + ")");
    }
    if (request.actor() == null || !request.actor().roles().contains(Role.ONCALL)) {
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
  }

  @Override
  public String decide(DecideRequest request) {
    chosen = request;
    participants.add(
        new Participant(
            request.actor().id(),
            Role.ONCALL.name(),
            "decided " + request.action(),
            now(),
            request.actor().channel(),
            request.comment()));
    history.add("on-call " + request.actor().id() + " chose " + request.action());
    return "recorded: " + request.action();
  }

  @Override
  public void validateVote(VoteRequest request) {
    approvals.validate(request, now());
  }

  @Override
  public String vote(VoteRequest request) {
    return approvals.apply(request, now()).outcome().name();
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

  private int votesOn(String requestId) {
    return approvals.state().requests().stream()
        .filter(r -> r.request().requestId().equals(requestId))
        .mapToInt(r -> r.votes().size())
        .sum();
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
  public RunbookState state() {
    return new RunbookState(
        runId, step, verdict, decision, waitingFor, waitingUntil, history, approvals.state());
  }
}
