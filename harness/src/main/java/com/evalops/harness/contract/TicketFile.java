package com.evalops.harness.contract;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** Reads ticket files: golden sets, sample sets and training sets (data contract §1). */
public final class TicketFile {
  private TicketFile() {}

  /**
   * Streams every ticket to {@code sink}. Ticket ids are not checked for duplicates here: the
   * caller that indexes them does it (see {@link #load}).
   *
   * @param taxonomy when not null, every gold intent must exist in it
   */
  public static JsonlReader.FileDigest stream(
      Path file, Taxonomy taxonomy, JsonlReader.RowSink<Ticket> sink) {
    return JsonlReader.read(
        file, "tickets", true, (row, line) -> parse(file, row, line, taxonomy), sink);
  }

  /**
   * Streams a large file in two halves at once, each to its own sink in its own thread (see {@link
   * JsonlParts}); the rows of a half reach its sink in file order.
   */
  public static JsonlReader.FileDigest streamInParts(
      Path file, Taxonomy taxonomy, IntFunction<JsonlReader.RowSink<Ticket>> sinks) {
    return JsonlParts.read(
        file, "tickets", true, (row, line) -> parse(file, row, line, taxonomy), sinks);
  }

  /** Loads a whole (small) ticket file, refusing duplicate ticket ids. */
  public static List<Ticket> load(Path file, Taxonomy taxonomy) {
    List<Ticket> tickets = new ArrayList<>();
    Map<String, Long> firstLine = new HashMap<>();
    stream(
        file,
        taxonomy,
        (ticket, line) -> {
          Long previous = firstLine.putIfAbsent(ticket.ticketId(), line);
          if (previous != null) {
            throw new ContractViolation(
                file,
                line,
                "ticket_id",
                "\"" + ticket.ticketId() + "\"",
                "duplicate ticket_id (first on line " + previous + ")");
          }
          tickets.add(ticket);
        });
    return List.copyOf(tickets);
  }

  static Ticket parse(Path file, JsonRow row, long line, Taxonomy taxonomy) throws IOException {
    String ticketId = null;
    Instant createdAt = null;
    Channel channel = null;
    String text = null;
    String intent = null;
    String team = null;
    int tier = -1;
    String template = null;
    boolean templateSeen = false;
    List<String> safetyFlags = null;
    String notes = null;
    JsonRow.Fields fields = row.fields("");
    for (String field = fields.next(); field != null; field = fields.next()) {
      switch (field) {
        case "ticket_id" -> ticketId = row.nonEmptyString(field);
        case "created_at" -> createdAt = row.instant(field);
        case "channel" -> channel = row.channel(field);
        case "text" -> text = row.nonEmptyString(field);
        case "intent" -> {
          intent = row.label(field);
          if (taxonomy != null && !taxonomy.hasIntent(intent)) {
            throw row.violation(
                field,
                "\"" + intent + "\"",
                "gold intent not in taxonomy " + taxonomy.taxonomyVersion());
          }
        }
        case "team" -> team = row.label(field);
        case "tier" -> tier = row.tier(field);
        case "template" -> {
          template = row.nullableLabel(field);
          templateSeen = true;
        }
        case "safety_flags" -> safetyFlags = row.stringList(field);
        case "notes" -> notes = row.nullableString(field);
        default -> throw row.unknownField(field);
      }
    }
    require(file, line, "ticket_id", ticketId);
    require(file, line, "created_at", createdAt);
    require(file, line, "channel", channel);
    require(file, line, "text", text);
    require(file, line, "intent", intent);
    require(file, line, "team", team);
    require(file, line, "tier", tier < 0 ? null : tier);
    require(file, line, "template", templateSeen ? "" : null);
    return new Ticket(
        ticketId, createdAt, channel, text, intent, team, tier, template, safetyFlags, notes);
  }

  static void require(Path file, long line, String field, Object value) {
    if (value == null) {
      throw JsonRow.missing(file, line, field);
    }
  }
}
