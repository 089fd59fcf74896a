package com.evalops.harness.contract;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.IntFunction;

/** Reads router output (data contract §4). */
public final class PredictionFile {
  private PredictionFile() {}

  /**
   * Streams every prediction to {@code sink}. Whether each belongs to a known ticket, and whether
   * any is missing or repeated, is for the caller that joins them with the tickets.
   */
  public static JsonlReader.FileDigest stream(Path file, JsonlReader.RowSink<Prediction> sink) {
    return JsonlReader.read(
        file, "predictions", false, (row, line) -> parse(file, row, line, ""), sink);
  }

  /** Streams a large file in two halves at once (see {@link JsonlParts}). */
  public static JsonlReader.FileDigest streamInParts(
      Path file, IntFunction<JsonlReader.RowSink<Prediction>> sinks) {
    return JsonlParts.read(
        file, "predictions", false, (row, line) -> parse(file, row, line, ""), sinks);
  }

  /**
   * Reads one prediction object.
   *
   * @param prefix {@code ""} for a line of its own, whose ticket id is required; {@code
   *     "prediction."} inside a routing-log entry, whose ticket id is the entry's own
   */
  static Prediction parse(Path file, JsonRow row, long line, String prefix) throws IOException {
    String ticketId = null;
    String intent = null;
    String team = null;
    int tier = -1;
    String template = null;
    boolean templateSeen = false;
    double confidence = Double.NaN;
    Boolean automated = null;
    String promptVersion = null;
    String modelVersion = null;
    JsonRow.Fields fields = row.fields(prefix);
    for (String field = fields.next(); field != null; field = fields.next()) {
      // Named with the prefix only inside a routing-log entry; no concatenation per field here.
      String name = prefix.isEmpty() ? field : prefix + field;
      switch (field) {
        case "ticket_id" -> ticketId = row.nonEmptyString(name);
        case "intent" -> intent = row.label(name);
        case "team" -> team = row.label(name);
        case "tier" -> tier = row.tier(name);
        case "template" -> {
          template = row.nullableLabel(name);
          templateSeen = true;
        }
        case "confidence" -> confidence = row.probability(name);
        case "automated" -> automated = row.bool(name);
        case "prompt_version" -> promptVersion = row.label(name);
        case "model_version" -> modelVersion = row.label(name);
        default -> throw row.unknownField(name);
      }
    }
    if (prefix.isEmpty()) {
      TicketFile.require(file, line, "ticket_id", ticketId);
    }
    TicketFile.require(file, line, prefix + "intent", intent);
    TicketFile.require(file, line, prefix + "team", team);
    TicketFile.require(file, line, prefix + "tier", tier < 0 ? null : tier);
    TicketFile.require(file, line, prefix + "template", templateSeen ? "" : null);
    TicketFile.require(
        file, line, prefix + "confidence", Double.isNaN(confidence) ? null : confidence);
    TicketFile.require(file, line, prefix + "automated", automated);
    TicketFile.require(file, line, prefix + "prompt_version", promptVersion);
    TicketFile.require(file, line, prefix + "model_version", modelVersion);
    return new Prediction(
        ticketId, intent, team, tier, template, confidence, automated, promptVersion, modelVersion);
  }
}
