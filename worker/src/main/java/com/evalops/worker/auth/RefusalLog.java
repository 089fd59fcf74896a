package com.evalops.worker.auth;

import com.evalops.worker.config.EvalopsProperties;
import com.evalops.worker.health.StoreWrites;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every refused request, one JSON line each: a missing or unknown token (401), a role that may not
 * act (403), a workflow validator's refusal (409). Refusals that name a workflow are also sent to
 * that workflow, so its history shows them; this file also keeps the ones that reach no workflow.
 *
 * <p>A refusal that names no identity (no or an unknown credential, a bad Slack signature, a forged
 * Temporal payload) costs its sender nothing, so a flood of them must not fill the disk or the
 * application log: per kind (channel and status) only the first {@code writtenPerInterval} of each
 * interval are written, with their URI, target and reason cut to {@code maxFieldChars}; the rest
 * are counted and summarised in one line per kind when the interval ends. Refusals of identified
 * callers are always written and logged in full. The file is rotated before it would pass {@code
 * maxFileSize} ({@code refusals.jsonl} → {@code refusals.1.jsonl} …, {@code keptFiles} kept).
 *
 * <p>Recording never fails the request: a refusal that cannot be written (full or read-only disk)
 * is still logged, the request is still refused with its own status, and {@link StoreWrites} turns
 * the engine's health DOWN until a write succeeds again.
 */
public final class RefusalLog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RefusalLog.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Path file;
  private final EvalopsProperties.Refusals settings;
  private final Clock clock;
  private final StoreWrites writes;
  private final MeterRegistry meters;
  private final ScheduledExecutorService summaries;

  // Guarded by this: the interval under way and, per kind, what it has seen so far.
  private long interval = Long.MIN_VALUE;
  private final Map<String, Kind> kinds = new LinkedHashMap<>();
  // Guarded by this: the file's size as last written; -1 when it must be read again.
  private long size = -1;

  /** Unidentified refusals of one channel and status in the interval under way. */
  private static final class Kind {
    final int status;
    final String channel;
    int written;
    long counted;

    Kind(int status, String channel) {
      this.status = status;
      this.channel = channel;
    }
  }

  public RefusalLog(
      Path file,
      EvalopsProperties.Refusals settings,
      Clock clock,
      StoreWrites writes,
      MeterRegistry meters) {
    this.file = file.toAbsolutePath();
    this.settings = settings;
    this.clock = clock;
    this.writes = writes;
    this.meters = meters;
    // Summaries are due when an interval ends, whether or not another refusal comes.
    this.summaries =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "refusal-log-summaries");
              thread.setDaemon(true);
              return thread;
            });
    long every = settings.interval().toMillis();
    summaries.scheduleAtFixedRate(this::summarise, every, every, TimeUnit.MILLISECONDS);
  }

  public synchronized void record(
      int status, String identity, String channel, String action, String target, String reason) {
    Counter.builder("evalops.refusals")
        .description("Refused requests, by channel and status")
        .tag("channel", channel)
        .tag("status", Integer.toString(status))
        .register(meters)
        .increment();
    summarise();
    if (identity != null && !identity.isBlank()) {
      log.warn(
          "refused {} {} by {} via {}: {} ({})", action, target, identity, channel, reason, status);
      write(line(clock.instant(), status, identity, channel, action, target, reason));
      return;
    }
    Kind kind = kinds.computeIfAbsent(channel + " " + status, key -> new Kind(status, channel));
    if (kind.written >= settings.writtenPerInterval()) {
      kind.counted++;
      return;
    }
    kind.written++;
    String shortAction = clip(action);
    String shortTarget = clip(target);
    String shortReason = clip(reason);
    log.warn(
        "refused {} {} via {}: {} ({}){}",
        shortAction,
        shortTarget,
        channel,
        shortReason,
        status,
        kind.written == settings.writtenPerInterval()
            ? "; more like it in this interval are counted, not logged"
            : "");
    write(line(clock.instant(), status, "", channel, shortAction, shortTarget, shortReason));
  }

  /**
   * Writes one summary line per kind whose refusals were counted rather than written, once their
   * interval has ended.
   */
  synchronized void summarise() {
    long now = intervalOf(clock.instant());
    if (now == interval) {
      return;
    }
    if (interval != Long.MIN_VALUE) {
      Instant from = Instant.ofEpochMilli(interval * settings.interval().toMillis());
      Instant to = from.plus(settings.interval());
      for (Kind kind : kinds.values()) {
        if (kind.counted > 0) {
          summary(kind, from, to);
        }
      }
    }
    kinds.clear();
    interval = now;
  }

  /** Writes the summaries still owed and stops the summary timer. */
  @Override
  public synchronized void close() {
    summaries.shutdownNow();
    if (interval != Long.MIN_VALUE) {
      Instant from = Instant.ofEpochMilli(interval * settings.interval().toMillis());
      for (Kind kind : kinds.values()) {
        if (kind.counted > 0) {
          summary(kind, from, clock.instant());
        }
      }
    }
    kinds.clear();
  }

  private void summary(Kind kind, Instant from, Instant to) {
    String reason =
        kind.counted
            + " more refusals via "
            + kind.channel
            + " with status "
            + kind.status
            + " from "
            + from
            + " to "
            + to
            + ", counted but not written one by one (the first "
            + settings.writtenPerInterval()
            + " were)";
    log.warn("refused, in summary: {}", reason);
    Map<String, Object> line = line(to, kind.status, "", kind.channel, "", "", reason);
    line.put("count", kind.counted);
    line.put("from", from.toString());
    line.put("to", to.toString());
    write(line);
  }

  private long intervalOf(Instant at) {
    return Math.floorDiv(at.toEpochMilli(), settings.interval().toMillis());
  }

  private static Map<String, Object> line(
      Instant at,
      int status,
      String identity,
      String channel,
      String action,
      String target,
      String reason) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("at", at.toString());
    line.put("status", status);
    line.put("identity", identity == null ? "" : identity);
    line.put("channel", channel);
    line.put("action", action);
    line.put("target", target == null ? "" : target);
    line.put("reason", reason);
    return line;
  }

  /** Cut to {@code maxFieldChars}, saying how much was cut. */
  private String clip(String text) {
    int max = settings.maxFieldChars();
    if (text == null || text.length() <= max) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    return text.substring(0, end) + "…[cut " + (text.length() - end) + " chars]";
  }

  private void write(Map<String, Object> line) {
    byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      Files.createDirectories(file.getParent());
      if (size < 0) {
        size = Files.exists(file) ? Files.size(file) : 0;
      }
      if (size > 0 && size + bytes.length > settings.maxFileSize().toBytes()) {
        rotate();
      }
      Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      size += bytes.length;
      writes.succeeded(StoreWrites.Store.REFUSAL_LOG);
    } catch (IOException | UncheckedIOException e) {
      size = -1;
      writes.failed(StoreWrites.Store.REFUSAL_LOG, file.toString(), e);
    }
  }

  /** refusals.jsonl → refusals.1.jsonl → … → refusals.{keptFiles}.jsonl, the oldest dropped. */
  private void rotate() throws IOException {
    for (int generation = settings.keptFiles() - 1; generation >= 1; generation--) {
      Path older = generation(generation);
      if (Files.exists(older)) {
        Files.move(older, generation(generation + 1), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.move(file, generation(1), StandardCopyOption.REPLACE_EXISTING);
    size = 0;
  }

  private Path generation(int n) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return file.resolveSibling(
        dot < 0 ? name + "." + n : name.substring(0, dot) + "." + n + name.substring(dot));
  }
}
