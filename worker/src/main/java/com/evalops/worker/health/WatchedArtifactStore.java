package com.evalops.worker.health;

import com.evalops.stores.artifact.ArtifactStore;
import com.evalops.stores.artifact.RunArtifacts;
import com.evalops.stores.artifact.RunManifest;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/** An artifact store whose writes report to {@link StoreWrites}; reads pass straight through. */
public final class WatchedArtifactStore implements ArtifactStore {
  private final ArtifactStore store;
  private final StoreWrites writes;
  private final String where;

  public WatchedArtifactStore(ArtifactStore store, StoreWrites writes, String where) {
    this.store = store;
    this.writes = writes;
    this.where = where;
  }

  @Override
  public RunArtifacts putRun(String runId, Path reportFolder) {
    try {
      RunArtifacts stored = store.putRun(runId, reportFolder);
      writes.succeeded(StoreWrites.Store.ARTIFACT_STORE);
      return stored;
    } catch (RuntimeException e) {
      writes.failed(StoreWrites.Store.ARTIFACT_STORE, where, e);
      throw e;
    }
  }

  @Override
  public boolean exists(String runId) {
    return store.exists(runId);
  }

  @Override
  public RunManifest readManifest(String runId) {
    return store.readManifest(runId);
  }

  @Override
  public InputStream open(String runId, String file) {
    return store.open(runId, file);
  }

  @Override
  public byte[] readVerified(String runId, String file) {
    return store.readVerified(runId, file);
  }

  @Override
  public List<String> list() {
    return store.list();
  }
}
