package com.evalops.stores.artifact;

import com.evalops.harness.ids.SafeIds;
import com.evalops.stores.storage.S3Location;
import com.evalops.stores.storage.S3Objects;
import com.evalops.stores.storage.StorageJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Artifact store in S3 or an S3-compatible server: {@code s3://<bucket>/<prefix><run_id>/<file>},
 * prefix {@code eval_runs/} by default. The same keys and order as {@link LocalArtifactStore}:
 * every file first, the manifest with each file's SHA-256 last, so a run without its manifest is
 * invisible.
 */
public final class S3ArtifactStore implements ArtifactStore {
  private static final ObjectMapper JSON = StorageJson.indented();

  private final S3Objects objects;
  private final S3Location location;
  private final Clock clock;

  public S3ArtifactStore(S3Client client, S3Location location, Clock clock) {
    this.objects = new S3Objects(client, location.bucket());
    this.location = location;
    this.clock = clock;
  }

  public S3ArtifactStore(S3Client client, S3Location location) {
    this(client, location, Clock.systemUTC());
  }

  @Override
  public RunArtifacts putRun(String runId, Path reportFolder) {
    SafeIds.require("run id", runId);
    SortedMap<String, Path> sources = RunFiles.under(reportFolder);
    TreeMap<String, RunManifest.StoredFile> described = RunFiles.describe(sources);
    String manifestKey = key(runId, RunManifest.FILE_NAME);
    Optional<RunManifest> existing =
        objects.read(manifestKey).map(bytes -> parseManifest(manifestKey, bytes));
    if (existing.isPresent()) {
      if (existing.get().files().equals(described)) {
        return artifactsOf(existing.get());
      }
      // Different content under the same run id: hide the run while it is rewritten, so no
      // reader pairs the old manifest with new files.
      objects.delete(manifestKey);
    }
    for (var source : sources.entrySet()) {
      objects.put(
          key(runId, source.getKey()), source.getValue(), described.get(source.getKey()).sha256());
    }
    // Objects an earlier attempt left that this attempt's manifest does not list.
    for (String stale : objects.keys(key(runId, ""), null)) {
      String file = stale.substring(key(runId, "").length());
      if (!described.containsKey(file) && !file.equals(RunManifest.FILE_NAME)) {
        objects.delete(stale);
      }
    }
    RunManifest manifest = new RunManifest(runId, clock.instant(), described);
    try {
      objects.put(manifestKey, JSON.writeValueAsBytes(manifest));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return artifactsOf(manifest);
  }

  @Override
  public boolean exists(String runId) {
    return objects.exists(key(runId, RunManifest.FILE_NAME));
  }

  @Override
  public RunManifest readManifest(String runId) {
    String manifestKey = key(runId, RunManifest.FILE_NAME);
    return objects
        .read(manifestKey)
        .map(bytes -> parseManifest(manifestKey, bytes))
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no complete run '" + runId + "' in " + location.uri("")));
  }

  @Override
  public InputStream open(String runId, String file) {
    RunFiles.requireListed(readManifest(runId), file);
    return objects.open(key(runId, file));
  }

  @Override
  public byte[] readVerified(String runId, String file) {
    RunManifest.StoredFile expected = RunFiles.requireListed(readManifest(runId), file);
    String key = key(runId, file);
    byte[] bytes =
        objects
            .read(key)
            .orElseThrow(
                () ->
                    new ArtifactIntegrityException(
                        objects.uri(key),
                        "sha256 " + expected.sha256() + " (" + expected.size() + " bytes)",
                        "no object"));
    return RunFiles.verified(expected, bytes, objects.uri(key));
  }

  /**
   * One listing of the prefix, keeping the runs whose manifest is there; cheaper than a request per
   * run when runs hold a handful of files each.
   */
  @Override
  public List<String> list() {
    String suffix = "/" + RunManifest.FILE_NAME;
    return objects.keys(location.prefix(), null).stream()
        .map(key -> key.substring(location.prefix().length()))
        .filter(relative -> relative.endsWith(suffix))
        .map(relative -> relative.substring(0, relative.length() - suffix.length()))
        .filter(runId -> !runId.isEmpty() && !runId.contains("/"))
        .sorted()
        .toList();
  }

  private String key(String runId, String file) {
    return location.key(SafeIds.require("run id", runId) + "/" + file);
  }

  private RunManifest parseManifest(String key, byte[] bytes) {
    try {
      return JSON.readValue(bytes, RunManifest.class);
    } catch (IOException e) {
      throw new UncheckedIOException("manifest " + objects.uri(key) + " is not readable", e);
    }
  }

  private RunArtifacts artifactsOf(RunManifest manifest) {
    TreeMap<String, String> sha256ByFile = new TreeMap<>();
    manifest.files().forEach((name, file) -> sha256ByFile.put(name, file.sha256()));
    return new RunArtifacts(URI.create(location.uri(manifest.runId() + "/")), sha256ByFile);
  }
}
