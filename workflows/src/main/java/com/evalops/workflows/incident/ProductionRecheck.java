package com.evalops.workflows.incident;

/**
 * One evaluation of a fresh production sample the incident drew and had labeled after its
 * mitigation (config-releases.md §6): the tickets differ from every earlier sample of the incident.
 *
 * @param configInForce the config in force when the sample was scored: the evidence counts only
 *     while it stays in force
 * @param scoredVersion the config the router ran under: the config in force without this incident's
 *     safe-mode hold (the config its exit would make current), since route-only scoring would hide
 *     what the hold hides
 * @param verdict the harness verdict, or {@code NO_LABELS} when nobody labeled the sample in time
 */
public record ProductionRecheck(
    String runId, String sampleId, String configInForce, String scoredVersion, String verdict) {
  public static final String NO_LABELS = "NO_LABELS";

  boolean passesUnder(String configVersion) {
    return EvaluationSummary.PASS.equals(verdict) && configInForce.equals(configVersion);
  }
}
