package com.evalops.workflows.runbook;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Starts the evaluation runbook (seed §2).
 *
 * @param runbookKind {@code evaluation}, or the cadence that started it ({@code weekly}, …)
 * @param configVersion the router config under test
 * @param baselineRunId the run to compare with; null for the accepted baseline of the run's golden
 *     version (none for a sample, which has no golden version)
 * @param requestedBy the identity that started the run
 * @param acceptAsBaseline before the weekly review step: whether a PASS became the new baseline at
 *     once. Runs started since never become the baseline on their own; only the weekly review's
 *     accept decision makes one
 * @param settings human deadlines; null for {@link EvaluationSettings#defaults()}
 * @param noBaseline true to compare with nothing, even when a baseline was accepted. Added later:
 *     requests recorded before it read it as false
 */
public record StartEvaluationRequest(
    String runId,
    String runbookKind,
    DatasetSelection dataset,
    String configVersion,
    String baselineRunId,
    String requestedBy,
    boolean acceptAsBaseline,
    EvaluationSettings settings,
    boolean noBaseline) {

  public StartEvaluationRequest {
    if (noBaseline && baselineRunId != null) {
      throw new IllegalArgumentException(
          "a run compares with baseline " + baselineRunId + " or with none, not both");
    }
  }

  /** A request that compares with the accepted baseline unless it names one. */
  public StartEvaluationRequest(
      String runId,
      String runbookKind,
      DatasetSelection dataset,
      String configVersion,
      String baselineRunId,
      String requestedBy,
      boolean acceptAsBaseline,
      EvaluationSettings settings) {
    this(
        runId,
        runbookKind,
        dataset,
        configVersion,
        baselineRunId,
        requestedBy,
        acceptAsBaseline,
        settings,
        false);
  }

  public EvaluationSettings settingsOrDefaults() {
    return settings != null ? settings : EvaluationSettings.defaults();
  }

  /**
   * What this request asks differently from {@code first}, the request that started the run with
   * the same id: each as {@code field: first value → this value}. Empty for an identical retry. Who
   * asks is not an input (another on-call engineer retrying gets the same run); every field that
   * decides what is scored and against what, or how people are asked, is.
   */
  public List<String> differencesFrom(StartEvaluationRequest first) {
    List<String> differences = new ArrayList<>();
    compare(differences, "runId", first.runId, runId);
    compare(differences, "runbookKind", first.runbookKind, runbookKind);
    compare(differences, "dataset", first.dataset, dataset);
    compare(differences, "configVersion", first.configVersion, configVersion);
    compare(differences, "baselineRunId", first.baselineRunId, baselineRunId);
    compare(differences, "noBaseline", first.noBaseline, noBaseline);
    compare(differences, "acceptAsBaseline", first.acceptAsBaseline, acceptAsBaseline);
    compare(differences, "settings", first.settingsOrDefaults(), settingsOrDefaults());
    return differences;
  }

  private static void compare(List<String> out, String field, Object first, Object now) {
    if (!Objects.equals(first, now)) {
      out.add(field + ": " + first + " → " + now);
    }
  }
}
