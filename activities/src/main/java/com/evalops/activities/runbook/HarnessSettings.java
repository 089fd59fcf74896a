package com.evalops.activities.runbook;

import java.nio.file.Path;

/**
 * Where the harness finds its data and keeps its reports.
 *
 * @param datasetRoot holds {@code taxonomy.json}, {@code golden/<version>/} and {@code
 *     training/<model_version>.jsonl} (the demo layout of {@code datasets/demo})
 * @param currentGoldenVersion the golden set a run uses when none is named
 * @param runsDir one working report folder per run id; the artifact store keeps the published copy
 */
public record HarnessSettings(Path datasetRoot, String currentGoldenVersion, Path runsDir) {

  public Path taxonomyFile() {
    return datasetRoot.resolve("taxonomy.json");
  }

  public Path goldenDir(String version) {
    return datasetRoot.resolve("golden").resolve(version);
  }

  public Path trainingFile(String modelVersion) {
    return datasetRoot.resolve("training").resolve(modelVersion + ".jsonl");
  }

  public Path runDir(String runId) {
    return runsDir.resolve(runId);
  }

  /**
   * The predictions a run has routed so far, kept beside its report folder (which must stay empty
   * until the report is whole) so that a retried run resumes from them.
   */
  public Path partialPredictionsFile(String runId) {
    return runsDir.resolve("." + runId + ".predictions.partial.jsonl");
  }
}
