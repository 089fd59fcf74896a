package com.evalops.workflows.replay;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.workflows.cadence.DailyQaWorkflowImpl;
import com.evalops.workflows.cadence.MonthlyCalibrationWorkflowImpl;
import com.evalops.workflows.cadence.WeeklyRegressionWorkflowImpl;
import com.evalops.workflows.incident.RegressionIncidentWorkflowImpl;
import com.evalops.workflows.notify.Notification;
import com.evalops.workflows.notify.NotifierActivities;
import com.evalops.workflows.runbook.DatasetSelection;
import com.evalops.workflows.runbook.EvaluationActivities;
import com.evalops.workflows.runbook.EvaluationOutcome;
import com.evalops.workflows.runbook.EvaluationRunbookWorkflowImpl;
import com.evalops.workflows.runbook.StartEvaluationRequest;
import com.evalops.workflows.safemode.HoldReleaseWorkflowImpl;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Running workflows survive a deployment only if today's code replays their histories. Each
 * workflow type has a committed history; a change that would break it must be caught here.
 */
class ReplayTest {
  private static final String EVALUATION = "evaluation-weekly-2025-w51";
  private static final String WEEKLY = "weekly-regression-2025-w51";

  /** Recorded after the weekly review step: a PASS accepted as baseline by Support Ops. */
  private static final String WEEKLY_REVIEWED = "weekly-regression-2025-w52";

  /** Its child, recorded after runs compare with the accepted baseline by default. */
  private static final String EVALUATION_REVIEWED = "evaluation-weekly-2025-w52";

  private static final String REGRESSION = "regression-checkout";
  private static final String TYPED_REGRESSION = "regression-billing";
  private static final String COMPUTED_EVIDENCE_REGRESSION = "regression-billing-computed-evidence";
  private static final String DAILY = "daily-qa-2025-12-15";
  private static final String HOLD_RELEASE =
      "safe-mode-release-billing-regression-billing-0badc0de";
  private static final String MONTHLY = "monthly-calibration-2025-12";

  /** Recorded after the monthly proposal became a typed release (gate, digest-bound votes). */
  private static final String TYPED_MONTHLY = "monthly-calibration-2025-12-typed";

  /** Recorded after decisions became typed releases: approved on the digest, applied by CAS. */
  private static final String TYPED_DECISION = "evaluation-run-7-typed-threshold";

  /** A typed rollback the release gate refused, then on-call's second decision. */
  private static final String TYPED_DECISION_GATED = "evaluation-run-7-typed-gate-refused";

  @Test
  void givenCommittedEvaluationHistory_whenReplayed_thenTodaysCodeMatches() {
    assertDoesNotThrow(
        () ->
            WorkflowReplayer.replayWorkflowExecution(
                Histories.read(EVALUATION), EvaluationRunbookWorkflowImpl.class));
  }

  @Test
  void givenCommittedWeeklyHistory_whenReplayed_thenTodaysCodeMatches() {
    assertDoesNotThrow(
        () ->
            WorkflowReplayer.replayWorkflowExecution(
                Histories.read(WEEKLY), WeeklyRegressionWorkflowImpl.class));
  }

  @Test
  void givenCommittedWeeklyHistoryWithBaselineReview_whenReplayed_thenTodaysCodeMatches() {
    assertDoesNotThrow(
        () ->
            WorkflowReplayer.replayWorkflowExecution(
                Histories.read(WEEKLY_REVIEWED), WeeklyRegressionWorkflowImpl.class));
  }

  @Test
  void givenCommittedEvaluationHistoryWithBaselineVersion_whenReplayed_thenTodaysCodeMatches() {
    assertDoesNotThrow(
        () ->
            WorkflowReplayer.replayWorkflowExecution(
                Histories.read(EVALUATION_REVIEWED), EvaluationRunbookWorkflowImpl.class));
  }

  /**
   * A whole incident: safe mode, labels, evaluations, an approved mitigation, refused and granted
   * safe-mode exit requests, all arriving as updates between the workflow's own steps. Replayed
   * under its real workflow id, because the child evaluations' ids derive from it.
   */
  @Test
  void givenCommittedRegressionIncidentHistory_whenReplayed_thenTodaysCodeMatches() {
    assertDoesNotThrow(
        () ->
            WorkflowReplayer.replayWorkflowExecution(
                WorkflowExecutionHistory.fromJson(Histories.read(REGRESSION), REGRESSION),
                RegressionIncidentWorkflowImpl.class));
  }

  /**
   * An incident on typed config releases: safe mode held for billing, a typed mitigation approved
   * by two leaders, the exit released after its gate evaluation.
   */
  @Test
  void givenCommittedTypedReleaseIncidentHistory_whenReplayed_thenTodaysCodeMatches() {
    assertDoesNotThrow(
        () ->
            WorkflowReplayer.replayWorkflowExecution(
                WorkflowExecutionHistory.fromJson(
                    Histories.read(TYPED_REGRESSION), TYPED_REGRESSION),
                RegressionIncidentWorkflowImpl.class));
  }

  /**
   * An incident that computed its exit evidence: the diagnosis under the alarm-time config, its own
   * golden recheck and two production rechecks, a daily QA run read back, the gated exit.
   */
  @Test
  void givenCommittedComputedEvidenceIncidentHistory_whenReplayed_thenTodaysCodeMatches() {
    assertDoesNotThrow(
        () ->
            WorkflowReplayer.replayWorkflowExecution(
                WorkflowExecutionHistory.fromJson(
                    Histories.read(COMPUTED_EVIDENCE_REGRESSION), "regression-billing"),
                RegressionIncidentWorkflowImpl.class));
  }

  @Test
  void givenCommittedDailyQaHistoryWithReviews_whenReplayed_thenTodaysCodeMatches() {
    assertDoesNotThrow(
        () ->
            WorkflowReplayer.replayWorkflowExecution(
                Histories.read(DAILY), DailyQaWorkflowImpl.class));
  }

  /** Leadership's release of an orphaned hold: judged, gated, approved on its digest, applied. */
  @Test
  void givenCommittedHoldReleaseHistory_whenReplayed_thenTodaysCodeMatches() {
    assertDoesNotThrow(
        () ->
            WorkflowReplayer.replayWorkflowExecution(
                WorkflowExecutionHistory.fromJson(Histories.read(HOLD_RELEASE), HOLD_RELEASE),
                HoldReleaseWorkflowImpl.class));
  }

  /** A daily QA run whose labeling stays open until every ticket is reviewed. */
  @Test
  void givenCommittedFullReviewDailyQaHistory_whenReplayed_thenTodaysCodeMatches() {
    assertDoesNotThrow(
        () ->
            WorkflowReplayer.replayWorkflowExecution(
                WorkflowExecutionHistory.fromJson(Histories.read(DAILY + "-full-review"), DAILY),
                DailyQaWorkflowImpl.class));
  }

  /** A daily QA run labeled through the shared {@code submitLabel} update of the human-step kit. */
  @Test
  void givenCommittedSharedLabelDailyQaHistory_whenReplayed_thenTodaysCodeMatches() {
    assertDoesNotThrow(
        () ->
            WorkflowReplayer.replayWorkflowExecution(
                WorkflowExecutionHistory.fromJson(Histories.read(DAILY + "-shared-label"), DAILY),
                DailyQaWorkflowImpl.class));
  }

  /** Approved by on-call through an update, applied, logged: every step of the approve path. */
  @Test
  void givenCommittedMonthlyHistory_whenReplayed_thenTodaysCodeMatches() {
    assertDoesNotThrow(
        () ->
            WorkflowReplayer.replayWorkflowExecution(
                Histories.read(MONTHLY), MonthlyCalibrationWorkflowImpl.class));
  }

  @Test
  void givenCommittedTypedMonthlyHistory_whenReplayed_thenTodaysCodeMatches() {
    assertDoesNotThrow(
        () ->
            WorkflowReplayer.replayWorkflowExecution(
                WorkflowExecutionHistory.fromJson(Histories.read(TYPED_MONTHLY), MONTHLY),
                MonthlyCalibrationWorkflowImpl.class));
  }

  @Test
  void givenCommittedTypedDecisionHistories_whenReplayed_thenTodaysCodeMatches() {
    for (String history : List.of(TYPED_DECISION, TYPED_DECISION_GATED)) {
      assertDoesNotThrow(
          () ->
              WorkflowReplayer.replayWorkflowExecution(
                  WorkflowExecutionHistory.fromJson(Histories.read(history), "evaluation-run-7"),
                  EvaluationRunbookWorkflowImpl.class),
          history);
    }
  }

  @Test
  void givenIncompatibleChange_whenReplayed_thenNonDeterminismIsCaught() {
    Exception e =
        assertThrows(
            Exception.class,
            () ->
                WorkflowReplayer.replayWorkflowExecution(
                    Histories.read(EVALUATION), NotifiesBeforeSelecting.class));
    // The replayer reports it as a failed replay query carrying the NonDeterministicException.
    assertTrue(
        String.valueOf(e.getMessage()).contains("NonDeterministicException"), e.getMessage());
  }

  /**
   * The evaluation runbook as someone might "improve" it without versioning: telling on-call before
   * selecting the data. Its first command differs from the history's.
   */
  public static class NotifiesBeforeSelecting extends EvaluationRunbookWorkflowImpl {
    private final NotifierActivities notifier =
        Workflow.newActivityStub(
            NotifierActivities.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(5)).build());
    private final EvaluationActivities harness =
        Workflow.newActivityStub(
            EvaluationActivities.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(5)).build());

    @WorkflowInit
    public NotifiesBeforeSelecting(StartEvaluationRequest request) {
      super(request);
    }

    @Override
    public EvaluationOutcome run(StartEvaluationRequest request) {
      notifier.notify(new Notification("started", request.runId(), "oncall", "started", ""));
      harness.selectDataset(DatasetSelection.golden(null));
      return null;
    }
  }
}
