package com.evalops.activities.artifact;

/** A stored file no longer matches its manifest: changed or damaged after the run was stored. */
public final class ArtifactIntegrityException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ArtifactIntegrityException(String runId, String file, String expected, String actual) {
    super(
        "artifact "
            + ArtifactStore.runPrefix(runId)
            + file
            + " does not match its manifest: expected "
            + expected
            + ", found "
            + actual);
  }
}
