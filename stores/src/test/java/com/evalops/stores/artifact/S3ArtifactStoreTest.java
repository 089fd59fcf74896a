package com.evalops.stores.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.stores.storage.S3Location;
import com.evalops.stores.storage.S3Objects;
import com.evalops.stores.storage.S3Settings;
import com.evalops.stores.storage.S3TestServer;
import com.evalops.stores.storage.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

@ExtendWith(S3TestServer.class)
class S3ArtifactStoreTest {
  private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

  @TempDir Path temp;

  private final S3Client client;
  private final String bucket;
  private final S3Objects objects;
  private final S3Location location;

  S3ArtifactStoreTest(S3TestServer.Bucket bucket) {
    this.client = bucket.client();
    this.bucket = bucket.name();
    this.objects = new S3Objects(bucket.client(), bucket.name());
    this.location = new S3Location(bucket.name(), S3Settings.DEFAULT_PREFIX);
  }

  private S3ArtifactStore store(Clock clock) {
    return new S3ArtifactStore(client, location, clock);
  }

  private S3ArtifactStore store() {
    return store(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private Path report(String name, Map<String, String> files) throws IOException {
    Path folder = temp.resolve(name);
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path target = folder.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      Files.writeString(target, file.getValue());
    }
    return folder;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String sha256(String text) {
    return Sha256.of(utf8(text));
  }

  private String text(String key) {
    return new String(objects.read(key).orElseThrow(), StandardCharsets.UTF_8);
  }

  @Test
  void givenReportFolder_whenPut_thenEveryFileAndManifestStoredWithSha256() throws Exception {
    Path folder =
        report(
            "report",
            Map.of(
                "metrics.json", "{\"macro_f1\":0.91}", "sweep/thresholds.csv", "t,p\n0.8,0.9\n"));

    RunArtifacts artifacts = store().putRun("run-1", folder);

    assertEquals(URI.create("s3://" + bucket + "/eval_runs/run-1/"), artifacts.location());
    assertEquals(
        Map.of(
            "metrics.json", sha256("{\"macro_f1\":0.91}"),
            "sweep/thresholds.csv", sha256("t,p\n0.8,0.9\n")),
        artifacts.sha256ByFile());
    assertEquals(
        List.of(
            "eval_runs/run-1/manifest.json",
            "eval_runs/run-1/metrics.json",
            "eval_runs/run-1/sweep/thresholds.csv"),
        objects.keys("eval_runs/", null));
    assertEquals("t,p\n0.8,0.9\n", text("eval_runs/run-1/sweep/thresholds.csv"));
    String manifestJson = text("eval_runs/run-1/manifest.json");
    assertTrue(manifestJson.contains("\"created_at\" : \"2026-11-26T10:00:00Z\""), manifestJson);
    RunManifest manifest = store().readManifest("run-1");
    assertEquals("run-1", manifest.runId());
    assertEquals(12, manifest.files().get("sweep/thresholds.csv").size());
    assertTrue(store().exists("run-1"));
    assertEquals(List.of("run-1"), store().list());
    try (InputStream in = store().open("run-1", "metrics.json")) {
      assertEquals("{\"macro_f1\":0.91}", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    assertArrayEquals(utf8("{\"macro_f1\":0.91}"), store().readVerified("run-1", "metrics.json"));
  }

  @Test
  void givenStoredRun_whenPutAgainWithSameFiles_thenManifestIsNotRewritten() throws Exception {
    Path folder = report("report", Map.of("metrics.json", "{}", "predictions.jsonl", "{}\n"));
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    RunArtifacts first = store(clock).putRun("run-1", folder);

    S3ArtifactStore retried = store(Clock.offset(clock, Duration.ofMinutes(5)));
    RunArtifacts second = retried.putRun("run-1", folder);

    assertEquals(first, second);
    assertEquals(NOW, retried.readManifest("run-1").createdAt());
    assertEquals(3, objects.keys("eval_runs/run-1/", null).size());
  }

  @Test
  void givenRetryWithChangedFiles_whenPut_thenManifestDescribesOnlyTheNewFiles() throws Exception {
    store().putRun("run-1", report("first", Map.of("a.json", "1", "b.json", "2")));

    RunArtifacts artifacts = store().putRun("run-1", report("second", Map.of("a.json", "3")));

    assertEquals(Map.of("a.json", sha256("3")), artifacts.sha256ByFile());
    assertFalse(objects.exists("eval_runs/run-1/b.json"));
    assertArrayEquals(utf8("3"), store().readVerified("run-1", "a.json"));
  }

  @Test
  void givenFilesWithoutManifest_whenListed_thenIncompleteRunIsHidden() throws Exception {
    store().putRun("run-complete", report("report", Map.of("metrics.json", "{}")));
    // A worker that died between the files and the manifest leaves exactly this behind.
    objects.put("eval_runs/run-crashed/metrics.json", utf8("{}"));

    assertEquals(List.of("run-complete"), store().list());
    assertFalse(store().exists("run-crashed"));
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> store().readManifest("run-crashed"));
    assertTrue(error.getMessage().contains("s3://" + bucket + "/eval_runs/"), error.getMessage());
  }

  @Test
  void givenTamperedObject_whenReadVerified_thenIntegrityErrorNamesBucketAndKey() throws Exception {
    store().putRun("run-1", report("report", Map.of("metrics.json", "{\"macro_f1\":0.91}")));
    objects.put("eval_runs/run-1/metrics.json", utf8("{\"macro_f1\":0.99}"));

    ArtifactIntegrityException error =
        assertThrows(
            ArtifactIntegrityException.class, () -> store().readVerified("run-1", "metrics.json"));

    assertTrue(
        error.getMessage().contains("s3://" + bucket + "/eval_runs/run-1/metrics.json"),
        error.getMessage());
    assertTrue(error.getMessage().contains(sha256("{\"macro_f1\":0.91}")), error.getMessage());
  }

  @Test
  void givenDeletedObject_whenReadVerified_thenIntegrityError() throws Exception {
    store().putRun("run-1", report("report", Map.of("metrics.json", "{}")));
    objects.delete("eval_runs/run-1/metrics.json");

    ArtifactIntegrityException error =
        assertThrows(
            ArtifactIntegrityException.class, () -> store().readVerified("run-1", "metrics.json"));

    assertTrue(error.getMessage().contains("no object"), error.getMessage());
  }

  @Test
  void givenOwnPrefix_whenPut_thenKeysUnderItAndOtherPrefixesUntouched() throws Exception {
    S3ArtifactStore teamStore =
        new S3ArtifactStore(client, new S3Location(bucket, "team-a/eval_runs/"));
    store().putRun("run-1", report("shared", Map.of("metrics.json", "{}")));

    RunArtifacts artifacts = teamStore.putRun("run-2", report("team", Map.of("m.json", "{}")));

    assertEquals(URI.create("s3://" + bucket + "/team-a/eval_runs/run-2/"), artifacts.location());
    assertEquals(List.of("run-2"), teamStore.list());
    assertEquals(List.of("run-1"), store().list());
  }

  @Test
  void givenUnsafeRunIdOrUnlistedFile_whenUsed_thenRefused() throws Exception {
    Path folder = report("report", Map.of("metrics.json", "{}"));
    store().putRun("run-1", folder);

    assertThrows(IllegalArgumentException.class, () -> store().putRun("../escape", folder));
    assertThrows(IllegalArgumentException.class, () -> store().open("run-1", "../../secret"));
    assertThrows(
        IllegalArgumentException.class, () -> new S3Location(bucket, "eval_runs_without_slash"));
  }

  /**
   * The store checks ids itself, whatever its caller checked, and every key it writes stays under
   * its prefix.
   */
  @Test
  void givenCraftedRunIds_whenUsed_thenRefusedAtTheStoreAndEveryKeyUnderThePrefix()
      throws Exception {
    Path folder = report("report", Map.of("metrics.json", "{}"));

    for (String id : List.of("/tmp/x", "../outside", "a/../../outside", "..", ".", "", "x/y")) {
      assertThrows(IllegalArgumentException.class, () -> store().putRun(id, folder), id);
      assertThrows(IllegalArgumentException.class, () -> store().exists(id), id);
      assertThrows(IllegalArgumentException.class, () -> store().readManifest(id), id);
    }
    store().putRun("run-1", folder);
    assertThrows(IllegalArgumentException.class, () -> location.key("run-1/../../outside"));
    assertThrows(IllegalArgumentException.class, () -> location.key("/outside"));

    List<String> keys = objects.keys("", null);
    assertFalse(keys.isEmpty());
    for (String key : keys) {
      assertTrue(key.startsWith(S3Settings.DEFAULT_PREFIX + "run-1/"), key);
    }
  }
}
