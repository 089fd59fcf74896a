package com.evalops.workflows.runbook;

import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.audit.RunbookAudit;
import com.evalops.workflows.config.ConfigReleaseStep;
import io.temporal.workflow.Workflow;

/**
 * The release gate's golden evaluation of a candidate config (config-releases.md §4), run as a
 * child evaluation runbook, report-only: the one way every runbook but the incident (whose children
 * all go through its own evaluation step) starts it.
 */
public final class ReleaseGateRun {
  private ReleaseGateRun() {}

  /**
   * Runs golden {@code goldenVersion} under {@code candidateVersion} as {@code evaluation-<runId>}
   * and waits for its verdict.
   *
   * @param runId derived from the parent's unique id: {@code <parent>-gate-<n>}
   * @param runbookKind the parent's kind, recorded in the child's Decision Log entry
   */
  public static ConfigReleaseStep.CandidateEvaluation evaluate(
      String runId,
      String runbookKind,
      String goldenVersion,
      String candidateVersion,
      String requestedBy,
      EvaluationSettings settings) {
    String evaluating = "golden " + goldenVersion + " under candidate config " + candidateVersion;
    RunbookAudit.step("release gate: " + evaluating + " in " + WorkflowIds.evaluation(runId));
    EvaluationOutcome outcome =
        Workflow.newChildWorkflowStub(
                EvaluationRunbookWorkflow.class,
                RunbookAudit.child(WorkflowIds.evaluation(runId), "release gate: " + evaluating))
            .run(
                new StartEvaluationRequest(
                    runId,
                    runbookKind,
                    DatasetSelection.golden(goldenVersion),
                    candidateVersion,
                    null,
                    requestedBy,
                    false,
                    settings.reportOnly()));
    return new ConfigReleaseStep.CandidateEvaluation(runId, outcome.verdict());
  }
}
