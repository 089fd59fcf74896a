package com.evalops.worker.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every refused request, one JSON line each: a missing or unknown token (401), a role that may not
 * act (403), a workflow validator's refusal (409). Refusals that name a workflow are also sent to
 * that workflow, so its history shows them; this file also keeps the ones that reach no workflow.
 */
public final class RefusalLog {
  private static final Logger log = LoggerFactory.getLogger(RefusalLog.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Path file;

  public RefusalLog(Path file) {
    this.file = file.toAbsolutePath();
  }

  public Path file() {
    return file;
  }

  public synchronized void record(
      int status, String identity, String channel, String action, String target, String reason) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("at", Instant.now().toString());
    line.put("status", status);
    line.put("identity", identity == null ? "" : identity);
    line.put("channel", channel);
    line.put("action", action);
    line.put("target", target == null ? "" : target);
    line.put("reason", reason);
    log.warn(
        "refused {} {} by {} via {}: {} ({})", action, target, identity, channel, reason, status);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          JSON.writeValueAsString(line) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record a refusal in " + file, e);
    }
  }
}
