package com.evalops.stores.artifact;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Where evaluation runs keep their report files. A run is complete, and visible, once its manifest
 * exists; the manifest is written after every file it lists.
 */
public interface ArtifactStore {
  /** Key prefix of a run; the same for every attempt so retries rewrite rather than duplicate. */
  static String runPrefix(String runId) {
    return "eval_runs/" + runId + "/";
  }

  /** Stores every file under {@code reportFolder} (sub-folders kept), then the manifest. */
  RunArtifacts putRun(String runId, Path reportFolder);

  /** Whether the run is complete: the "already done?" check before a retry redoes work. */
  boolean exists(String runId);

  RunManifest readManifest(String runId);

  /** The stored bytes of a file the manifest lists, unchecked. */
  InputStream open(String runId, String file);

  /**
   * The stored bytes of a file the manifest lists, after checking them against the manifest.
   *
   * @throws ArtifactIntegrityException when size or SHA-256 differ from the manifest
   */
  byte[] readVerified(String runId, String file);

  /** Run ids of complete runs, sorted. */
  List<String> list();
}
