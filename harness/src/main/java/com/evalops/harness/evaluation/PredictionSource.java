package com.evalops.harness.evaluation;

import com.evalops.harness.router.Router;
import java.nio.file.Path;

/** Where a run's predictions come from: a file on disk, or a router asked now. */
public sealed interface PredictionSource {

  /**
   * A short description for the report, e.g. {@code predictions.jsonl} or {@code reference(m3)}.
   */
  String describe();

  record FromFile(Path file) implements PredictionSource {
    @Override
    public String describe() {
      return "file " + file.getFileName();
    }
  }

  /**
   * @param resumable where routing keeps its progress so a retry can resume, or null to keep it
   *     only in the report
   */
  record FromRouter(Router router, ResumableRouting resumable) implements PredictionSource {
    public FromRouter(Router router) {
      this(router, null);
    }

    @Override
    public String describe() {
      return router.describe();
    }
  }
}
