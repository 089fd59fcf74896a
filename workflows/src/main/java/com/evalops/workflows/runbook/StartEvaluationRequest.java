package com.evalops.workflows.runbook;

/**
 * Starts the evaluation runbook (seed §2).
 *
 * @param runbookKind {@code evaluation}, or the cadence that started it ({@code weekly}, …)
 * @param configVersion the router config under test
 * @param baselineRunId the run to compare with, or null for none
 * @param requestedBy the identity that started the run
 * @param acceptAsBaseline whether a PASS becomes the new baseline
 * @param settings human deadlines; null for {@link EvaluationSettings#defaults()}
 */
public record StartEvaluationRequest(
    String runId,
    String runbookKind,
    DatasetSelection dataset,
    String configVersion,
    String baselineRunId,
    String requestedBy,
    boolean acceptAsBaseline,
    EvaluationSettings settings) {

  public EvaluationSettings settingsOrDefaults() {
    return settings != null ? settings : EvaluationSettings.defaults();
  }
}
