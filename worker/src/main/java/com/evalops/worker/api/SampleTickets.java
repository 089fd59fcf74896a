package com.evalops.worker.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sanitized sample files behind labeling queues. Workflows hold only their reference (claim
 * check, {@code HumanStepsState.sampleRef}); the queue reads the tickets from there, already
 * masked.
 */
public final class SampleTickets {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private SampleTickets() {}

  /** Ticket id to its sanitized sample line, in file order; empty when the file is not here. */
  @SuppressWarnings("unchecked")
  public static Map<String, Map<String, Object>> read(String ref) {
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

  /** The sampled tickets in sample order, each with {@code labeled}. */
  static List<Map<String, Object>> tickets(
      String ref, List<String> ticketIds, Set<String> labeled) {
    Map<String, Map<String, Object>> byId = read(ref);
    List<Map<String, Object>> tickets = new ArrayList<>();
    for (String id : ticketIds) {
      Map<String, Object> ticket = new LinkedHashMap<>();
      ticket.put("ticket_id", id);
      ticket.put("labeled", labeled.contains(id));
      Map<String, Object> entry = byId.get(id);
      if (entry != null) {
        ticket.put("channel", entry.get("channel"));
        ticket.put("text", entry.get("text"));
        ticket.put("prediction", entry.get("prediction"));
      }
      tickets.add(ticket);
    }
    return tickets;
  }
}
