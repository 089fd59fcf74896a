package com.evalops.activities.routinglog;

import com.evalops.harness.contract.AgentOverride;
import com.evalops.harness.contract.Prediction;
import com.evalops.harness.contract.RoutingLogEntry;
import com.evalops.harness.sanitize.PiiSanitizer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A sample of routing-log entries as it leaves the routing log for people and the artifact store:
 * the routing-log fields of data contract §5 (there is no gold in the log), text sanitized. The
 * file is itself a routing log, so {@code RoutingLogFile} reads it back.
 */
public final class SanitizedSampleFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SanitizedSampleFile() {}

  /** One JSON line per entry, in the given order. */
  public static byte[] lines(Iterable<RoutingLogEntry> entries, PiiSanitizer sanitizer) {
    StringBuilder out = new StringBuilder();
    for (RoutingLogEntry e : entries) {
      ObjectNode row = JSON.createObjectNode();
      row.put("ticket_id", e.ticketId());
      row.put("created_at", e.createdAt().toString());
      row.put("channel", e.channel().wireName());
      row.put("text", sanitizer.sanitize(e.text()));
      Prediction p = e.prediction();
      ObjectNode prediction = row.putObject("prediction");
      prediction.put("intent", p.intent());
      prediction.put("team", p.team());
      prediction.put("tier", p.tier());
      prediction.put("template", p.template());
      prediction.put("confidence", p.confidence());
      prediction.put("automated", p.automated());
      prediction.put("prompt_version", p.promptVersion());
      prediction.put("model_version", p.modelVersion());
      AgentOverride o = e.override();
      if (o != null) {
        ObjectNode override = row.putObject("override");
        override.put("intent", o.intent());
        override.put("team", o.team());
        override.put("macro", o.macro());
        override.put("agent_id", o.agentId());
        override.put("at", o.at().toString());
      }
      if (e.csat() != null) {
        row.put("csat", e.csat());
      }
      try {
        out.append(JSON.writeValueAsString(row)).append('\n');
      } catch (JsonProcessingException ex) {
        throw new UncheckedIOException(ex);
      }
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }
}
