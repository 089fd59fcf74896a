package com.evalops.stores.artifact;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/** {@code manifest.json}: the list of a run's files, written last. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunManifest(String runId, Instant createdAt, SortedMap<String, StoredFile> files) {
  public static final String FILE_NAME = "manifest.json";

  public RunManifest {
    files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
  }

  /** One file of the run, keyed in the manifest by its path relative to the run prefix. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record StoredFile(String sha256, long size) {}
}
