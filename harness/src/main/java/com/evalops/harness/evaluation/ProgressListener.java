package com.evalops.harness.evaluation;

/** Told how far a long phase has come; the command line prints it, activities heartbeat it. */
@FunctionalInterface
public interface ProgressListener {
  ProgressListener NONE = (phase, done, total) -> {};

  /**
   * @param total -1 while unknown
   */
  void progress(String phase, long done, long total);
}
