package com.evalops.stores.artifact;

import com.evalops.harness.ids.ConfinedPaths;
import com.evalops.harness.ids.SafeIds;
import com.evalops.stores.storage.AtomicFiles;
import com.evalops.stores.storage.Sha256;
import com.evalops.stores.storage.StorageJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Artifact store on the local file system: {@code <root>/eval_runs/<run_id>/<file>}. */
public final class LocalArtifactStore implements ArtifactStore {
  public static final Path DEFAULT_ROOT = Path.of("data", "artifacts");

  private static final ObjectMapper JSON = StorageJson.indented();

  private final Path root;
  private final Clock clock;

  public LocalArtifactStore(Path root, Clock clock) {
    this.root = root.toAbsolutePath().normalize();
    this.clock = clock;
  }

  public LocalArtifactStore(Path root) {
    this(root, Clock.systemUTC());
  }

  @Override
  public RunArtifacts putRun(String runId, Path reportFolder) {
    SafeIds.require("run id", runId);
    SortedMap<String, Path> sources = RunFiles.under(reportFolder);
    Path runFolder = runFolder(runId);
    Path manifestFile = runFolder.resolve(RunManifest.FILE_NAME);
    try {
      if (Files.exists(manifestFile)) {
        RunManifest existing = readManifest(runId);
        if (existing.files().equals(RunFiles.describe(sources))) {
          return artifactsOf(existing);
        }
        // Different content under the same run id: hide the run while it is rewritten, so no
        // reader pairs the old manifest with new files.
        Files.delete(manifestFile);
      }
      TreeMap<String, RunManifest.StoredFile> stored = new TreeMap<>();
      for (Map.Entry<String, Path> source : sources.entrySet()) {
        stored.put(source.getKey(), copy(source.getValue(), inRun(runFolder, source.getKey())));
      }
      removeFilesNotIn(runFolder, stored);
      RunManifest manifest = new RunManifest(runId, clock.instant(), stored);
      AtomicFiles.write(manifestFile, JSON.writeValueAsBytes(manifest));
      return artifactsOf(manifest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public boolean exists(String runId) {
    return Files.isRegularFile(runFolder(runId).resolve(RunManifest.FILE_NAME));
  }

  @Override
  public RunManifest readManifest(String runId) {
    Path manifestFile = runFolder(runId).resolve(RunManifest.FILE_NAME);
    if (!Files.isRegularFile(manifestFile)) {
      throw new IllegalArgumentException("no complete run '" + runId + "' in " + root);
    }
    try {
      return JSON.readValue(manifestFile.toFile(), RunManifest.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public InputStream open(String runId, String file) {
    RunFiles.requireListed(readManifest(runId), file);
    try {
      return Files.newInputStream(inRun(runFolder(runId), file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public byte[] readVerified(String runId, String file) {
    RunManifest.StoredFile expected = RunFiles.requireListed(readManifest(runId), file);
    try {
      byte[] bytes = Files.readAllBytes(inRun(runFolder(runId), file));
      return RunFiles.verified(expected, bytes, ArtifactStore.runPrefix(runId) + file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public List<String> list() {
    Path runs = root.resolve("eval_runs");
    if (!Files.isDirectory(runs)) {
      return List.of();
    }
    try (Stream<Path> folders = Files.list(runs)) {
      return folders
          .filter(folder -> Files.isRegularFile(folder.resolve(RunManifest.FILE_NAME)))
          .map(folder -> folder.getFileName().toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path runFolder(String runId) {
    return SafeIds.resolve(root.resolve("eval_runs"), "run id", runId);
  }

  /**
   * A file of a run: the manifest lists it, and it must also land inside the run's folder, so a
   * manifest that names {@code ../x} cannot reach beyond it.
   */
  private static Path inRun(Path runFolder, String file) {
    return ConfinedPaths.under(runFolder, runFolder.resolve(file));
  }

  private RunArtifacts artifactsOf(RunManifest manifest) {
    TreeMap<String, String> sha256ByFile = new TreeMap<>();
    manifest.files().forEach((name, file) -> sha256ByFile.put(name, file.sha256()));
    URI location = runFolder(manifest.runId()).toUri();
    return new RunArtifacts(location, sha256ByFile);
  }

  /** Copies through a temporary file and hashes the bytes actually written. */
  private static RunManifest.StoredFile copy(Path source, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    Path temp = AtomicFiles.tempFor(target);
    MessageDigest digest = Sha256.digest();
    long size;
    try (InputStream in = Files.newInputStream(source);
        OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), digest)) {
      size = in.transferTo(out);
    }
    // On disk before the manifest that vouches for it is written.
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    AtomicFiles.moveIntoPlace(temp, target);
    return new RunManifest.StoredFile(HexFormat.of().formatHex(digest.digest()), size);
  }

  /** Drops files an earlier attempt left that this attempt's manifest does not list. */
  private static void removeFilesNotIn(Path runFolder, Map<String, RunManifest.StoredFile> keep)
      throws IOException {
    try (Stream<Path> walk = Files.walk(runFolder)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        if (!keep.containsKey(RunFiles.keyOf(runFolder.relativize(file)))) {
          Files.delete(file);
        }
      }
    }
  }
}
