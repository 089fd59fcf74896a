package com.evalops.workflows.runbook;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The harness steps of the evaluation runbook (seed §2 steps 1–2). */
@ActivityInterface
public interface EvaluationActivities {

  /** Resolves a selection to exact data: version, location, SHA-256 and count. */
  @ActivityMethod(name = "SelectDataset")
  DatasetSnapshot selectDataset(DatasetSelection selection);

  /**
   * Scores the router under the config, writes the report and stores it as the run's artifacts.
   * Idempotent: a retry of the same run id finds the stored artifacts and returns them. Heartbeats
   * its progress.
   */
  @ActivityMethod(name = "RunHarness")
  HarnessRun runHarness(RunHarnessRequest request);
}
