package com.evalops.harness.contract;

import java.io.IOException;
import java.nio.file.Path;

/** Reads router output (data contract §4). */
public final class PredictionFile {
  private PredictionFile() {}

  /**
   * Streams every prediction to {@code sink}. Whether each belongs to a known ticket, and whether
   * any is missing or repeated, is for the caller that joins them with the tickets.
   */
  public static JsonlReader.FileDigest stream(Path file, JsonlReader.RowSink<Prediction> sink) {
    return JsonlReader.read(
        file, "predictions", false, (row, line) -> parse(file, row, line, true), sink);
  }

  /**
   * Reads one prediction object.
   *
   * @param idRequired false inside a routing-log entry, whose ticket id is the entry's own
   */
  static Prediction parse(Path file, JsonRow row, long line, boolean idRequired)
      throws IOException {
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
    JsonRow.Fields fields = row.fields();
    for (String field = fields.next(); field != null; field = fields.next()) {
      switch (field) {
        case "ticket_id" -> ticketId = row.nonEmptyString(field);
        case "intent" -> intent = row.label(field);
        case "team" -> team = row.label(field);
        case "tier" -> tier = row.tier(field);
        case "template" -> {
          template = row.nullableLabel(field);
          templateSeen = true;
        }
        case "confidence" -> confidence = row.probability(field);
        case "automated" -> automated = row.bool(field);
        case "prompt_version" -> promptVersion = row.label(field);
        case "model_version" -> modelVersion = row.label(field);
        default -> throw row.unknownField(field);
      }
    }
    if (idRequired) {
      TicketFile.require(file, line, "ticket_id", ticketId);
    }
    TicketFile.require(file, line, "intent", intent);
    TicketFile.require(file, line, "team", team);
    TicketFile.require(file, line, "tier", tier < 0 ? null : tier);
    TicketFile.require(file, line, "template", templateSeen ? "" : null);
    TicketFile.require(file, line, "confidence", Double.isNaN(confidence) ? null : confidence);
    TicketFile.require(file, line, "automated", automated);
    TicketFile.require(file, line, "prompt_version", promptVersion);
    TicketFile.require(file, line, "model_version", modelVersion);
    return new Prediction(
        ticketId, intent, team, tier, template, confidence, automated, promptVersion, modelVersion);
  }
}
