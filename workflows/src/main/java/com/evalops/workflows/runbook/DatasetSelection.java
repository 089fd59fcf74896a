package com.evalops.workflows.runbook;

/**
 * Which data a run scores (seed §2 step 1), by reference only: never the tickets themselves.
 *
 * @param kind {@code golden} (a golden-set version) or {@code sample} (a labeled ticket file)
 * @param goldenVersion the golden-set version, or null for the current one; golden only
 * @param sampleRef where the labeled sample is (a path or artifact key); sample only
 */
public record DatasetSelection(String kind, String goldenVersion, String sampleRef) {
  public static final String GOLDEN = "golden";
  public static final String SAMPLE = "sample";

  public static DatasetSelection golden(String version) {
    return new DatasetSelection(GOLDEN, version, null);
  }

  public static DatasetSelection sample(String ref) {
    return new DatasetSelection(SAMPLE, null, ref);
  }
}
