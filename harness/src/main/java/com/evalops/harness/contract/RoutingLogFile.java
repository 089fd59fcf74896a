package com.evalops.harness.contract;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/** Reads the production routing log (data contract §5). */
public final class RoutingLogFile {
  private RoutingLogFile() {}

  public static JsonlReader.FileDigest stream(
      Path file, JsonlReader.RowSink<RoutingLogEntry> sink) {
    return JsonlReader.read(
        file, "routing-log entries", false, (row, line) -> parse(file, row, line), sink);
  }

  private static RoutingLogEntry parse(Path file, JsonRow row, long line) throws IOException {
    String ticketId = null;
    Instant createdAt = null;
    Channel channel = null;
    String text = null;
    Prediction prediction = null;
    AgentOverride override = null;
    Integer csat = null;
    JsonRow.Fields fields = row.fields("");
    for (String field = fields.next(); field != null; field = fields.next()) {
      switch (field) {
        case "ticket_id" -> ticketId = row.nonEmptyString(field);
        case "created_at" -> createdAt = row.instant(field);
        case "channel" -> channel = row.channel(field);
        case "text" -> text = row.nonEmptyString(field);
        case "prediction" -> {
          row.requireObject(field);
          prediction = PredictionFile.parse(file, row, line, "prediction.");
        }
        case "override" -> {
          if (!row.isNull()) {
            row.requireObject(field);
            override = parseOverride(file, row, line);
          }
        }
        case "csat" -> csat = row.isNull() ? null : row.intInRange(field, 1, 5);
        default -> throw row.unknownField(field);
      }
    }
    TicketFile.require(file, line, "ticket_id", ticketId);
    TicketFile.require(file, line, "created_at", createdAt);
    TicketFile.require(file, line, "channel", channel);
    TicketFile.require(file, line, "text", text);
    TicketFile.require(file, line, "prediction", prediction);
    if (prediction.ticketId() != null && !prediction.ticketId().equals(ticketId)) {
      throw new ContractViolation(
          file,
          line,
          "prediction.ticket_id",
          "\"" + prediction.ticketId() + "\"",
          "differs from the entry's ticket_id \"" + ticketId + "\"");
    }
    Prediction own =
        new Prediction(
            ticketId,
            prediction.intent(),
            prediction.team(),
            prediction.tier(),
            prediction.template(),
            prediction.confidence(),
            prediction.automated(),
            prediction.promptVersion(),
            prediction.modelVersion());
    return new RoutingLogEntry(ticketId, createdAt, channel, text, own, override, csat);
  }

  private static AgentOverride parseOverride(Path file, JsonRow row, long line) throws IOException {
    String intent = null;
    String team = null;
    String macro = null;
    String agentId = null;
    Instant at = null;
    JsonRow.Fields fields = row.fields("override.");
    for (String field = fields.next(); field != null; field = fields.next()) {
      switch (field) {
        case "intent" -> intent = row.nonEmptyString("override.intent");
        case "team" -> team = row.nonEmptyString("override.team");
        case "macro" -> macro = row.nonEmptyString("override.macro");
        case "agent_id" -> agentId = row.nonEmptyString("override.agent_id");
        case "at" -> at = row.instant("override.at");
        default -> throw row.unknownField("override." + field);
      }
    }
    TicketFile.require(file, line, "override.intent", intent);
    TicketFile.require(file, line, "override.team", team);
    TicketFile.require(file, line, "override.macro", macro);
    TicketFile.require(file, line, "override.agent_id", agentId);
    TicketFile.require(file, line, "override.at", at);
    return new AgentOverride(intent, team, macro, agentId, at);
  }
}
