package com.evalops.stores.artifact;

/** A stored file no longer matches its manifest: changed or damaged after the run was stored. */
public final class ArtifactIntegrityException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** {@code location} names the file the way its store does: a path or an S3 URI. */
  public ArtifactIntegrityException(String location, String expected, String actual) {
    super(
        "artifact "
            + location
            + " does not match its manifest: expected "
            + expected
            + ", found "
            + actual);
  }
}
