package com.evalops.worker.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.worker.config.EvalopsProperties;
import com.evalops.worker.health.StoreWrites;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/**
 * The refusal log on real files, with a clock the test moves: sampling and summaries of
 * unidentified refusals, cut fields, rotation, and a disk that refuses the write.
 */
class RefusalLogTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Instant START = Instant.parse("2026-03-02T10:00:00Z");

  /** A clock the test can move. */
  static final class MovableClock extends Clock {
    Instant now = START;

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @TempDir Path dir;
  final MovableClock clock = new MovableClock();
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final StoreWrites writes = new StoreWrites(meters, clock);
  RefusalLog refusals;

  RefusalLog open(int writtenPerInterval, DataSize maxFileSize, int keptFiles) {
    refusals =
        new RefusalLog(
            dir.resolve("refusals.jsonl"),
            new EvalopsProperties.Refusals(
                writtenPerInterval, Duration.ofMinutes(1), 40, maxFileSize, keptFiles),
            clock,
            writes,
            meters);
    return refusals;
  }

  @AfterEach
  void close() {
    refusals.close();
  }

  List<Map<?, ?>> lines(String file) throws Exception {
    Path path = dir.resolve(file);
    if (!Files.exists(path)) {
      return List.of();
    }
    return Files.readAllLines(path, StandardCharsets.UTF_8).stream()
        .<Map<?, ?>>map(line -> JSON.readValue(line, Map.class))
        .toList();
  }

  static String longUri(int n) {
    return "GET /api/runs/" + "x".repeat(7000) + "?n=" + n;
  }

  @Test
  void
      givenAFloodOfUnidentifiedRefusals_whenRecorded_thenTheFirstFewWrittenCutAndTheRestSummarised()
          throws Exception {
    RefusalLog log = open(3, DataSize.ofMegabytes(10), 3);

    for (int i = 0; i < 1000; i++) {
      log.record(401, "", "api", longUri(i), "", "no credentials");
    }
    assertEquals(3, lines("refusals.jsonl").size());
    clock.now = START.plus(Duration.ofMinutes(1));
    log.summarise();

    List<Map<?, ?>> lines = lines("refusals.jsonl");
    assertEquals(4, lines.size());
    String action = (String) lines.get(0).get("action");
    assertTrue(action.startsWith("GET /api/runs/xxx"), action);
    assertTrue(action.endsWith("…[cut " + (longUri(0).length() - 40) + " chars]"), action);
    Map<?, ?> summary = lines.get(3);
    assertEquals(997, summary.get("count"));
    assertEquals("api", summary.get("channel"));
    assertEquals(401, summary.get("status"));
    assertEquals(START.toString(), summary.get("from"));
    assertTrue(
        ((String) summary.get("reason")).startsWith("997 more refusals via api with status 401"),
        summary.toString());
    assertTrue(Files.size(dir.resolve("refusals.jsonl")) < 2000);
    assertEquals(
        1000, meters.counter("evalops.refusals", "channel", "api", "status", "401").count());
  }

  @Test
  void givenIdentifiedRefusalsDuringAFlood_whenRecorded_thenEachWrittenInFull() throws Exception {
    RefusalLog log = open(2, DataSize.ofMegabytes(10), 3);
    String reason = "labeler-li lacks the role to openIncident (needs oncall) " + "y".repeat(500);

    for (int i = 0; i < 50; i++) {
      log.record(401, "", "api", longUri(i), "", "no credentials");
      log.record(403, "labeler-li", "api", "openIncident", "regression-" + i, reason);
      log.record(409, "oncall-ana", "cli", "approve", "regression-" + i, "already approved");
    }

    List<Map<?, ?>> lines = lines("refusals.jsonl");
    List<Map<?, ?>> forbidden = lines.stream().filter(l -> l.get("status").equals(403)).toList();
    List<Map<?, ?>> conflicts = lines.stream().filter(l -> l.get("status").equals(409)).toList();
    assertEquals(50, forbidden.size());
    assertEquals(50, conflicts.size());
    assertEquals(reason, forbidden.get(49).get("reason"));
    assertEquals("regression-49", conflicts.get(49).get("target"));
    assertEquals(2, lines.stream().filter(l -> l.get("status").equals(401)).count());
  }

  @Test
  void givenTheSizeCap_whenReached_thenRotatedKeepingTheConfiguredGenerations() throws Exception {
    RefusalLog log = open(10_000, DataSize.ofKilobytes(64), 2);

    for (int i = 0; i < 2000; i++) {
      log.record(403, "labeler-li", "api", "openIncident", "regression-" + i, "lacks the role");
    }

    assertTrue(Files.size(dir.resolve("refusals.jsonl")) <= 64 * 1024);
    assertTrue(Files.size(dir.resolve("refusals.1.jsonl")) <= 64 * 1024);
    assertTrue(Files.exists(dir.resolve("refusals.2.jsonl")));
    assertFalse(Files.exists(dir.resolve("refusals.3.jsonl")));
    List<Map<?, ?>> newest = lines("refusals.jsonl");
    assertEquals("regression-1999", newest.get(newest.size() - 1).get("target"));
    List<Map<?, ?>> previous = lines("refusals.1.jsonl");
    assertEquals(
        "regression-" + (1999 - newest.size()), previous.get(previous.size() - 1).get("target"));
  }

  @Test
  void givenAnUnwritableFile_whenRecording_thenNoExceptionAndTheStoreFailingUntilAWriteSucceeds()
      throws Exception {
    RefusalLog log = open(20, DataSize.ofMegabytes(10), 3);
    // A folder where the file should be: no write succeeds, whoever runs the test (root too).
    Files.createDirectories(dir.resolve("refusals.jsonl"));

    log.record(401, "", "api", "GET /api/runs", "", "no credentials");
    log.record(403, "labeler-li", "api", "openIncident", "", "lacks the role");

    StoreWrites.Failure failure = writes.failure(StoreWrites.Store.REFUSAL_LOG).orElseThrow();
    assertEquals(2, failure.count());
    assertTrue(failure.where().endsWith("refusals.jsonl"), failure.where());
    assertEquals(2, meters.counter("evalops.store.write.failures", "store", "refusalLog").count());

    Files.delete(dir.resolve("refusals.jsonl"));
    log.record(401, "", "api", "GET /api/runs", "", "no credentials");

    assertTrue(writes.failure(StoreWrites.Store.REFUSAL_LOG).isEmpty());
    assertEquals(1, lines("refusals.jsonl").size());
  }
}
