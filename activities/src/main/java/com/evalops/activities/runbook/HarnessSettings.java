package com.evalops.activities.runbook;

import com.evalops.harness.ids.ConfinedPaths;
import com.evalops.harness.ids.SafeIds;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the harness finds its data and keeps its reports. Every path built from an id is checked
 * here, again after the API: the id must be safe ({@link SafeIds}) and the path must stay under its
 * folder, so a run, version or sample named by a workflow's input can never reach another file.
 *
 * @param datasetRoot holds {@code taxonomy.json}, {@code golden/<version>/} and {@code
 *     training/<model_version>.jsonl} (the demo layout of {@code datasets/demo})
 * @param currentGoldenVersion the golden set a run uses when none is named
 * @param runsDir one working report folder per run id; the artifact store keeps the published copy
 * @param sampleRoots the folders a sample run may read its tickets from: the engine's own (the data
 *     folder, where incidents and daily QA write their samples, and the dataset root)
 */
public record HarnessSettings(
    Path datasetRoot, String currentGoldenVersion, Path runsDir, List<Path> sampleRoots) {

  public HarnessSettings {
    sampleRoots = List.copyOf(sampleRoots);
  }

  public Path taxonomyFile() {
    return datasetRoot.resolve("taxonomy.json");
  }

  public Path goldenDir(String version) {
    return SafeIds.resolve(datasetRoot.resolve("golden"), "golden version", version);
  }

  public Path trainingFile(String modelVersion) {
    Path training = datasetRoot.resolve("training");
    return ConfinedPaths.under(
        training, training.resolve(SafeIds.require("model version", modelVersion) + ".jsonl"));
  }

  public Path runDir(String runId) {
    return SafeIds.resolve(runsDir, "run id", runId);
  }

  /**
   * The predictions a run has routed so far, kept beside its report folder (which must stay empty
   * until the report is whole) so that a retried run resumes from them.
   */
  public Path partialPredictionsFile(String runId) {
    return ConfinedPaths.under(
        runsDir,
        runsDir.resolve("." + SafeIds.require("run id", runId) + ".predictions.partial.jsonl"));
  }

  /**
   * The ticket file a sample run scores, named by a path or a {@code file:} URI (incidents and
   * daily QA hand out the latter), when it lies under one of {@link #sampleRoots}.
   */
  public Path sampleFile(String ref) {
    return ConfinedPaths.fileUnder(ref, sampleRoots);
  }
}
