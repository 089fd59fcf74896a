package com.evalops.worker.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sanitized sample file behind a labeling queue (workflows hold only its reference): each
 * ticket's masked text, channel, the router's answer and, when an agent corrected it, the override.
 */
final class SampleFiles {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private SampleFiles() {}

  /** Ticket id to its sample line, in file order; empty when the file is not readable here. */
  @SuppressWarnings("unchecked")
  static Map<String, Map<String, Object>> read(String ref) {
    Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
    if (ref == null || !ref.startsWith("file:")) {
      return byId;
    }
    Path file = Path.of(URI.create(ref));
    if (!Files.exists(file)) {
      return byId;
    }
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          Map<String, Object> entry = JSON.readValue(line, Map.class);
          byId.put(String.valueOf(entry.get("ticket_id")), entry);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the labeling sample " + file, e);
    }
    return byId;
  }
}
