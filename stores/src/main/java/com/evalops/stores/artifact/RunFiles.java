package com.evalops.stores.artifact;

import com.evalops.stores.storage.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/** What every artifact store does alike with a report folder and a manifest. */
final class RunFiles {
  private RunFiles() {}

  /**
   * Relative path (with '/') → file, for every regular file under the folder; refuses a folder
   * holding a file named like the manifest, since that name is the store's own.
   */
  static SortedMap<String, Path> under(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException("report folder " + folder + " does not exist");
    }
    TreeMap<String, Path> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      walk.filter(Files::isRegularFile)
          .forEach(file -> files.put(keyOf(folder.relativize(file)), file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (files.containsKey(RunManifest.FILE_NAME)) {
      throw new IllegalArgumentException(
          folder + " holds a " + RunManifest.FILE_NAME + "; that name is the store's own");
    }
    return files;
  }

  static String keyOf(Path relative) {
    return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
  }

  static TreeMap<String, RunManifest.StoredFile> describe(SortedMap<String, Path> files) {
    TreeMap<String, RunManifest.StoredFile> described = new TreeMap<>();
    try {
      for (var file : files.entrySet()) {
        described.put(
            file.getKey(),
            new RunManifest.StoredFile(Sha256.of(file.getValue()), Files.size(file.getValue())));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return described;
  }

  /** Only files the manifest lists can be opened, which also keeps reads inside the run. */
  static RunManifest.StoredFile requireListed(RunManifest manifest, String file) {
    RunManifest.StoredFile stored = manifest.files().get(file);
    if (stored == null) {
      throw new IllegalArgumentException(
          "run '" + manifest.runId() + "' has no file '" + file + "'");
    }
    return stored;
  }

  /**
   * The bytes, if they are the ones the manifest describes.
   *
   * @throws ArtifactIntegrityException naming {@code location} when size or SHA-256 differ
   */
  static byte[] verified(RunManifest.StoredFile expected, byte[] bytes, String location) {
    String actual = Sha256.of(bytes);
    if (bytes.length != expected.size() || !actual.equals(expected.sha256())) {
      throw new ArtifactIntegrityException(
          location,
          "sha256 " + expected.sha256() + " (" + expected.size() + " bytes)",
          "sha256 " + actual + " (" + bytes.length + " bytes)");
    }
    return bytes;
  }
}
