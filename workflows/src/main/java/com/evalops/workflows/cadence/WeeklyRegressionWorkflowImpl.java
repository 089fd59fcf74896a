package com.evalops.workflows.cadence;

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
import com.evalops.workflows.approval.LabelingProgress;
import com.evalops.workflows.approval.RefusalNotice;
import com.evalops.workflows.approval.RequestState;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.approval.SubmitLabelRequest;
import com.evalops.workflows.approval.VoteRequest;
import com.evalops.workflows.audit.DecisionLogActivities;
import com.evalops.workflows.audit.DecisionRecord;
import com.evalops.workflows.audit.Participant;
import com.evalops.workflows.audit.RunbookAudit;
import com.evalops.workflows.notify.ApprovalNotice;
import com.evalops.workflows.notify.Notification;
import com.evalops.workflows.notify.NotifierActivities;
import com.evalops.workflows.runbook.DatasetSelection;
import com.evalops.workflows.runbook.EvaluationOutcome;
import com.evalops.workflows.runbook.EvaluationRunbookWorkflow;
import com.evalops.workflows.runbook.StartEvaluationRequest;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the evaluation runbook as a child on the current golden set with the prod config and the
 * last accepted baseline. Support Ops and on-call then review a PASS outside safe mode: their
 * accept makes it the new baseline; a reject, or nobody by the deadline, keeps the old one. Any
 * other run is never accepted as baseline.
 */
public class WeeklyRegressionWorkflowImpl implements WeeklyRegressionWorkflow {
  static final String KIND = "weekly";

  /**
   * Version 1: the child no longer accepts a PASS as baseline by itself; a review step follows it.
   * Histories recorded before it replay on the default version, which had no review.
   */
  static final String REVIEW_CHANGE = "baseline-review";

  static final String ACCEPTED = "accepted_as_baseline";
  static final String KEPT = "baseline_kept";

  /** Who asks for the review: the runbook itself, so any reviewer may accept. */
  static final String PROPOSER = "weekly-regression";

  private final NotifierActivities notifier =
      Workflow.newActivityStub(NotifierActivities.class, RunbookActivityOptions.NOTIFY);
  private final ApprovalBook book = new ApprovalBook();
  private WeeklyState state = new WeeklyState(null, "inputs", null, null, null, null);

  @Override
  public WeeklySummary run(WeeklyRegressionRequest request) {
    // A scheduled run has no week: it takes the ISO week of its start in the schedule's zone. A
    // request with a week reads no time and issues the same commands as before, so recorded
    // histories replay without a version marker.
    String weekId =
        CadencePeriods.orDerived(
            request.weekId(),
            () ->
                CadencePeriods.isoWeek(
                    Instant.ofEpochMilli(Workflow.currentTimeMillis()),
                    CadencePeriods.zone(request.zone())));
    state = new WeeklyState(weekId, "inputs", null, null, null, null);
    RunbookAudit.step("reading what production runs on for week " + weekId);
    ProductionInputs production =
        RunbookAudit.activities(
                ProductionInputsActivities.class,
                RunbookActivityOptions.STORE,
                "production inputs for week " + weekId)
            .productionInputs();
    String runId = "weekly-" + weekId;
    String evaluationId = WorkflowIds.evaluation(runId);
    String scope =
        "golden "
            + production.currentGoldenVersion()
            + " under config "
            + production.prodConfigVersion()
            + " against baseline "
            + (production.baselineRunId() == null ? "none" : production.baselineRunId());
    RunbookAudit.memo(
        "kind",
        KIND,
        "week",
        weekId,
        "golden_version",
        production.currentGoldenVersion(),
        "config_version",
        production.prodConfigVersion(),
        "baseline_run",
        production.baselineRunId(),
        "evaluation",
        evaluationId);
    RunbookAudit.step("evaluating " + scope + " in " + evaluationId);
    state =
        new WeeklyState(weekId, "evaluating", evaluationId, production.baselineRunId(), null, null);
    boolean reviewed = Workflow.getVersion(REVIEW_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1;
    EvaluationRunbookWorkflow evaluation =
        Workflow.newChildWorkflowStub(
            EvaluationRunbookWorkflow.class,
            RunbookAudit.child(evaluationId, "week " + weekId + ": " + scope));
    EvaluationOutcome outcome =
        evaluation.run(
            new StartEvaluationRequest(
                runId,
                KIND,
                DatasetSelection.golden(production.currentGoldenVersion()),
                production.prodConfigVersion(),
                production.baselineRunId(),
                request.requestedBy(),
                !reviewed,
                request.settings()));
    String decision =
        reviewed
            ? review(request.reviewOrDefaults(), weekId, runId, evaluationId, production, outcome)
            : outcome.decision();
    state =
        new WeeklyState(
            weekId,
            "done",
            evaluationId,
            production.baselineRunId(),
            outcome.verdict(),
            decision,
            reviewed ? book.state() : null,
            null);
    RunbookAudit.memo(
        "verdict", outcome.verdict(),
        "decision", decision,
        "artifacts", outcome.artifactLocation());
    RunbookAudit.step("done: " + outcome.verdict() + ", " + decision + "; see " + evaluationId);
    Workflow.await(Workflow::isEveryHandlerFinished);
    return new WeeklySummary(
        weekId,
        runId,
        outcome.verdict(),
        production.baselineRunId(),
        outcome.macroF1(),
        outcome.accuracy(),
        outcome.tier0FalseNegatives(),
        outcome.tier2Violations(),
        decision,
        outcome.recommendations(),
        outcome.artifactLocation());
  }

  /**
   * The review step: a PASS outside safe mode waits for an accept from Support Ops or on-call until
   * the deadline (reminded, then escalated to on-call); anything else keeps the old baseline. The
   * outcome is one Decision Log entry, which the baseline lookup reads.
   *
   * @return {@code accepted_as_baseline} or {@code baseline_kept}
   */
  private String review(
      WeeklyReviewSettings settings,
      String weekId,
      String runId,
      String evaluationId,
      ProductionInputs production,
      EvaluationOutcome outcome) {
    List<Participant> participants = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    String decision = KEPT;
    if (!outcome.eligibleAsBaseline()) {
      String why =
          !"PASS".equals(outcome.verdict())
              ? "verdict " + outcome.verdict() + " is never accepted as baseline"
              : "a run under safe mode is never accepted as baseline";
      reasons.add(why + "; the baseline stays " + baselineName(production));
      participants.add(Participant.rule(now(), why));
    } else {
      ApprovalOutcome accepted =
          awaitReview(settings, weekId, runId, evaluationId, production, outcome);
      List<String> acceptedBy = new ArrayList<>();
      book.state().requests().stream()
          .flatMap(r -> r.votes().stream())
          .forEach(
              v -> {
                participants.add(
                    new Participant(
                        v.actor().id(),
                        v.actor().roles().toString(),
                        v.approve() ? "accepted as baseline" : "rejected as baseline",
                        v.at(),
                        v.actor().channel(),
                        v.comment()));
                if (v.approve()) {
                  acceptedBy.add(v.actor().id());
                }
              });
      if (accepted == ApprovalOutcome.APPROVED) {
        decision = ACCEPTED;
        reasons.add(
            runId
                + " accepted as the baseline of golden "
                + production.currentGoldenVersion()
                + " by "
                + String.join(", ", acceptedBy));
      } else {
        String why =
            accepted == ApprovalOutcome.EXPIRED
                ? "nobody accepted by the deadline: no change"
                : "review " + accepted + ": no change";
        participants.add(Participant.rule(now(), why));
        reasons.add(why + "; the baseline stays " + baselineName(production));
      }
    }
    state =
        new WeeklyState(
            weekId,
            "review",
            evaluationId,
            production.baselineRunId(),
            outcome.verdict(),
            decision,
            book.state(),
            null);
    RunbookAudit.activities(
            DecisionLogActivities.class,
            RunbookActivityOptions.STORE,
            "decision log: weekly review of " + runId + ", " + decision)
        .recordDecision(
            new DecisionRecord(
                Workflow.getInfo().getWorkflowId() + "/review",
                now(),
                runId,
                KIND,
                outcome.verdict(),
                decision,
                participants,
                reasons,
                outcome.artifactLocation(),
                production.prodConfigVersion(),
                null,
                production.currentGoldenVersion(),
                null));
    return decision;
  }

  private ApprovalOutcome awaitReview(
      WeeklyReviewSettings settings,
      String weekId,
      String runId,
      String evaluationId,
      ProductionInputs production,
      EvaluationOutcome outcome) {
    ApprovalPolicy policy =
        new ApprovalPolicy(
            Set.of(Role.LABELER, Role.ONCALL),
            settings.approvals(),
            settings.deadline(),
            settings.reminderInterval(),
            settings.remindersBeforeEscalation(),
            Set.of(Role.ONCALL));
    String requestId = runId + "/baseline";
    book.open(
        ApprovalRequest.of(
            requestId,
            "baseline",
            "accept "
                + runId
                + " (PASS) as the baseline of golden "
                + production.currentGoldenVersion()
                + ", replacing "
                + baselineName(production),
            PROPOSER,
            now(),
            policy,
            Map.of(
                "verdict", outcome.verdict(),
                "config_version", production.prodConfigVersion(),
                "artifacts", outcome.artifactLocation(),
                "baseline_run", baselineName(production))));
    notify(
        "approval_requested",
        runId,
        Role.audience(policy.approverRoles()),
        "week " + weekId + ": accept " + runId + " as the new baseline?",
        outcome,
        requestId,
        evaluationId);
    return ApprovalWait.await(
        book,
        requestId,
        0,
        () -> {
          state =
              new WeeklyState(
                  weekId,
                  "review",
                  evaluationId,
                  production.baselineRunId(),
                  outcome.verdict(),
                  null,
                  book.state(),
                  book.state().pending().get(0).until());
          RunbookAudit.step(
              "waiting for Support Ops or on-call to accept "
                  + runId
                  + " as baseline, until "
                  + state.waitingUntil());
        },
        (notice, id, roles) -> {
          // The review shows its votes on the card itself; a counted vote sends no notice.
          if (notice != HumanNotice.VOTE_COUNTED) {
            notify(
                notice.kind(),
                runId,
                Role.audience(roles),
                "the baseline review of " + runId + " is waiting",
                outcome,
                id,
                evaluationId);
          }
        });
  }

  private void notify(
      String kind,
      String runId,
      String audience,
      String title,
      EvaluationOutcome outcome,
      String requestId,
      String evaluationId) {
    notifier.notify(
        new Notification(
            kind,
            runId,
            audience,
            title,
            "report " + outcome.artifactLocation() + "; details in " + evaluationId,
            ApprovalNotice.of(
                Workflow.getInfo().getWorkflowId(),
                book.state(),
                requestId,
                new ApprovalNotice.Evidence(
                    outcome.verdict(),
                    outcome.accuracy(),
                    outcome.macroF1(),
                    null,
                    outcome.baselineRunId(),
                    outcome.tier0FalseNegatives(),
                    outcome.tier2Violations(),
                    outcome.artifactLocation()))));
  }

  private static String baselineName(ProductionInputs production) {
    return production.baselineRunId() == null ? "none" : production.baselineRunId();
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  @Override
  public void validateVote(VoteRequest vote) {
    if (!"review".equals(state.step())) {
      throw new IllegalStateException(
          "week "
              + state.weekId()
              + " is not waiting for a baseline review (step "
              + state.step()
              + ")");
    }
    book.validate(vote, now());
  }

  @Override
  public RequestState vote(VoteRequest vote) {
    return book.apply(vote, now());
  }

  @Override
  public void recordRefusal(RefusalNotice refused) {
    book.refuse(refused.asVote(), refused.reason(), now());
  }

  @Override
  public void validateSubmitLabel(SubmitLabelRequest label) {
    throw HumanStepRefusals.noLabels("the weekly golden-set regression");
  }

  @Override
  public LabelingProgress submitLabel(SubmitLabelRequest label) {
    throw HumanStepRefusals.noLabels("the weekly golden-set regression");
  }

  @Override
  public HumanStepsState humanSteps() {
    return HumanStepsState.votes(
        book.state().pending().isEmpty() ? null : "the baseline review", book.state());
  }

  @Override
  public WeeklyState state() {
    return state;
  }
}
