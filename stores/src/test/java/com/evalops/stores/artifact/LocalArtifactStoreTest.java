package com.evalops.stores.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalArtifactStoreTest {
  @TempDir Path temp;

  private Path report(String name, Map<String, String> files) throws IOException {
    Path folder = temp.resolve(name);
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path target = folder.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      Files.writeString(target, file.getValue());
    }
    return folder;
  }

  private static String sha256(String text) throws NoSuchAlgorithmException {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void givenReportFolder_whenPut_thenEveryFileAndManifestStoredWithSha256() throws Exception {
    Path folder =
        report(
            "report",
            Map.of(
                "metrics.json", "{\"macro_f1\":0.91}", "sweep/thresholds.csv", "t,p\n0.8,0.9\n"));
    Instant now = Instant.parse("2026-11-26T10:00:00Z");
    LocalArtifactStore store =
        new LocalArtifactStore(temp.resolve("store"), Clock.fixed(now, ZoneOffset.UTC));

    RunArtifacts artifacts = store.putRun("run-1", folder);

    Path runFolder = temp.resolve("store/eval_runs/run-1");
    assertEquals(runFolder.toUri(), artifacts.location());
    assertEquals(
        Map.of(
            "metrics.json", sha256("{\"macro_f1\":0.91}"),
            "sweep/thresholds.csv", sha256("t,p\n0.8,0.9\n")),
        artifacts.sha256ByFile());
    RunManifest manifest = store.readManifest("run-1");
    assertEquals("run-1", manifest.runId());
    assertEquals(now, manifest.createdAt());
    assertEquals(12, manifest.files().get("sweep/thresholds.csv").size());
    assertEquals("t,p\n0.8,0.9\n", Files.readString(runFolder.resolve("sweep/thresholds.csv")));
    String manifestJson = Files.readString(runFolder.resolve("manifest.json"));
    assertTrue(manifestJson.contains("\"created_at\" : \"2026-11-26T10:00:00Z\""), manifestJson);
    assertTrue(store.exists("run-1"));
    assertEquals(List.of("run-1"), store.list());
    try (InputStream in = store.open("run-1", "metrics.json")) {
      assertEquals("{\"macro_f1\":0.91}", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void givenStoredRun_whenPutAgainWithSameFiles_thenNothingIsRewritten() throws Exception {
    Path folder = report("report", Map.of("metrics.json", "{}", "predictions.jsonl", "{}\n"));
    Instant start = Instant.parse("2026-11-26T10:00:00Z");
    Clock clock = Clock.fixed(start, ZoneOffset.UTC);
    LocalArtifactStore store = new LocalArtifactStore(temp.resolve("store"), clock);
    RunArtifacts first = store.putRun("run-1", folder);

    LocalArtifactStore retried =
        new LocalArtifactStore(temp.resolve("store"), Clock.offset(clock, Duration.ofMinutes(5)));
    RunArtifacts second = retried.putRun("run-1", folder);

    assertEquals(first, second);
    assertEquals(start, retried.readManifest("run-1").createdAt());
    try (var files = Files.list(temp.resolve("store/eval_runs/run-1"))) {
      assertEquals(3, files.count());
    }
  }

  @Test
  void givenRetryWithChangedFiles_whenPut_thenManifestDescribesOnlyTheNewFiles() throws Exception {
    LocalArtifactStore store = new LocalArtifactStore(temp.resolve("store"));
    store.putRun("run-1", report("first", Map.of("a.json", "1", "b.json", "2")));

    RunArtifacts artifacts = store.putRun("run-1", report("second", Map.of("a.json", "3")));

    assertEquals(Map.of("a.json", sha256("3")), artifacts.sha256ByFile());
    assertFalse(Files.exists(temp.resolve("store/eval_runs/run-1/b.json")));
    assertArrayEquals("3".getBytes(StandardCharsets.UTF_8), store.readVerified("run-1", "a.json"));
  }

  @Test
  void givenFilesWithoutManifest_whenListed_thenIncompleteRunIsHidden() throws Exception {
    LocalArtifactStore store = new LocalArtifactStore(temp.resolve("store"));
    store.putRun("run-complete", report("report", Map.of("metrics.json", "{}")));
    // A worker that died between the files and the manifest leaves exactly this behind.
    Path crashed = temp.resolve("store/eval_runs/run-crashed");
    Files.createDirectories(crashed);
    Files.writeString(crashed.resolve("metrics.json"), "{}");

    assertEquals(List.of("run-complete"), store.list());
    assertFalse(store.exists("run-crashed"));
    assertThrows(IllegalArgumentException.class, () -> store.readManifest("run-crashed"));
  }

  @Test
  void givenTamperedFile_whenReadVerified_thenIntegrityErrorNamesTheFile() throws Exception {
    LocalArtifactStore store = new LocalArtifactStore(temp.resolve("store"));
    store.putRun("run-1", report("report", Map.of("metrics.json", "{\"macro_f1\":0.91}")));
    Files.writeString(temp.resolve("store/eval_runs/run-1/metrics.json"), "{\"macro_f1\":0.99}");

    ArtifactIntegrityException error =
        assertThrows(
            ArtifactIntegrityException.class, () -> store.readVerified("run-1", "metrics.json"));

    assertTrue(error.getMessage().contains("eval_runs/run-1/metrics.json"), error.getMessage());
    assertTrue(error.getMessage().contains(sha256("{\"macro_f1\":0.91}")), error.getMessage());
  }

  @Test
  void givenUnsafeRunIdOrUnlistedFile_whenUsed_thenRefused() throws Exception {
    LocalArtifactStore store = new LocalArtifactStore(temp.resolve("store"));
    Path folder = report("report", Map.of("metrics.json", "{}"));
    store.putRun("run-1", folder);

    assertThrows(IllegalArgumentException.class, () -> store.putRun("../escape", folder));
    assertThrows(IllegalArgumentException.class, () -> store.open("run-1", "../../secret"));
    assertFalse(Files.exists(temp.resolve("escape")));
  }

  /**
   * The store checks ids itself, whatever its caller checked: an id that is a path, a parent step
   * or empty never reaches the file system, and a manifest that lists a file outside its run (a
   * tampered store) opens nothing.
   */
  @Test
  void givenCraftedRunIds_whenUsed_thenRefusedAtTheStoreAndNothingWrittenOutsideIt()
      throws Exception {
    Path root = temp.resolve("store");
    LocalArtifactStore store = new LocalArtifactStore(root);
    Path folder = report("report", Map.of("metrics.json", "{}"));
    String absolute = temp.resolve("outside").toString();

    for (String id : List.of(absolute, "../outside", "a/../../outside", "..", ".", "", "x/y")) {
      assertThrows(IllegalArgumentException.class, () -> store.putRun(id, folder), id);
      assertThrows(IllegalArgumentException.class, () -> store.exists(id), id);
      assertThrows(IllegalArgumentException.class, () -> store.readManifest(id), id);
      assertThrows(IllegalArgumentException.class, () -> store.open(id, "metrics.json"), id);
    }
    store.putRun("run-1", folder);
    Path manifest = root.resolve("eval_runs/run-1/manifest.json");
    Files.writeString(
        manifest, Files.readString(manifest).replace("\"metrics.json\"", "\"../../../secret\""));
    Files.writeString(temp.resolve("secret"), "{}");

    assertThrows(IllegalArgumentException.class, () -> store.open("run-1", "../../../secret"));
    try (var walk = Files.list(temp)) {
      assertEquals(
          List.of("report", "secret", "store"),
          walk.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }
}
