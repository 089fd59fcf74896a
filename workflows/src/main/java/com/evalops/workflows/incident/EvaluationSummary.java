package com.evalops.workflows.incident;

/**
 * One evaluation the incident knows of.
 *
 * @param dataset {@code sample} (the labeled problem tickets) or {@code golden}
 */
public record EvaluationSummary(
    String runId, String dataset, String configVersion, String verdict, String artifactLocation) {
  public static final String PASS = "PASS";

  boolean isGoldenPass() {
    return "golden".equals(dataset) && PASS.equals(verdict);
  }
}
