package com.evalops.workflows.cadence;

import com.evalops.workflows.RunbookActivityOptions;
import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.audit.RunbookAudit;
import com.evalops.workflows.runbook.DatasetSelection;
import com.evalops.workflows.runbook.EvaluationOutcome;
import com.evalops.workflows.runbook.EvaluationRunbookWorkflow;
import com.evalops.workflows.runbook.StartEvaluationRequest;
import io.temporal.workflow.Workflow;
import java.time.Instant;

/**
 * Runs the evaluation runbook as a child on the current golden set with the prod config and the
 * last accepted baseline; a PASS becomes the new baseline.
 */
public class WeeklyRegressionWorkflowImpl implements WeeklyRegressionWorkflow {
  static final String KIND = "weekly";

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
                true,
                request.settings()));
    state =
        new WeeklyState(
            weekId,
            "done",
            evaluationId,
            production.baselineRunId(),
            outcome.verdict(),
            outcome.decision());
    RunbookAudit.memo(
        "verdict", outcome.verdict(),
        "decision", outcome.decision(),
        "artifacts", outcome.artifactLocation());
    RunbookAudit.step(
        "done: " + outcome.verdict() + ", " + outcome.decision() + "; see " + evaluationId);
    return new WeeklySummary(
        weekId,
        runId,
        outcome.verdict(),
        production.baselineRunId(),
        outcome.macroF1(),
        outcome.accuracy(),
        outcome.tier0FalseNegatives(),
        outcome.tier2Violations(),
        outcome.decision(),
        outcome.recommendations(),
        outcome.artifactLocation());
  }

  @Override
  public WeeklyState state() {
    return state;
  }
}
