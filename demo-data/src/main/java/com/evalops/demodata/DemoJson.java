package com.evalops.demodata;

import com.evalops.harness.contract.AgentOverride;
import com.evalops.harness.contract.Channel;
import com.evalops.harness.contract.GoldenSetManifest;
import com.evalops.harness.contract.IntentPolicy;
import com.evalops.harness.contract.Prediction;
import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.RoutingLogEntry;
import com.evalops.harness.contract.Taxonomy;
import com.evalops.harness.contract.TemplateSetting;
import com.evalops.harness.contract.Ticket;
import com.evalops.harness.contract.Tier2Policy;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;

/**
 * The demo files' JSON, field names and order as the data contract spells them. Sets are written
 * sorted and doubles with Jackson's own shortest-representation writer, so that the bytes depend
 * only on the data, not on hash order or the JDK's {@code Double.toString}.
 */
final class DemoJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

  private static final ObjectWriter PRETTY =
      MAPPER.writer(
          new DefaultPrettyPrinter()
              .withSeparators(
                  Separators.createDefaultInstance()
                      .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
              .withObjectIndenter(new DefaultIndenter("  ", "\n"))
              .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  private DemoJson() {}

  /** One JSON Lines line, ending in {@code \n}. */
  static String line(ObjectNode node) {
    try {
      return MAPPER.writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A whole indented JSON document, ending in {@code \n}. */
  static String document(ObjectNode node) {
    try {
      return PRETTY.writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode ticket(Ticket ticket) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("ticket_id", ticket.ticketId());
    node.put("created_at", ticket.createdAt().toString());
    node.put("channel", ticket.channel().wireName());
    node.put("text", ticket.text());
    node.put("intent", ticket.intent());
    node.put("team", ticket.team());
    node.put("tier", ticket.tier());
    node.put("template", ticket.template());
    if (!ticket.safetyFlags().isEmpty()) {
      ticket.safetyFlags().forEach(node.putArray("safety_flags")::add);
    }
    if (ticket.notes() != null) {
      node.put("notes", ticket.notes());
    }
    return node;
  }

  static ObjectNode routingLogEntry(RoutingLogEntry entry) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("ticket_id", entry.ticketId());
    node.put("created_at", entry.createdAt().toString());
    node.put("channel", entry.channel().wireName());
    node.put("text", entry.text());
    node.set("prediction", prediction(entry.prediction()));
    AgentOverride override = entry.override();
    if (override != null) {
      ObjectNode overrideNode = node.putObject("override");
      overrideNode.put("intent", override.intent());
      overrideNode.put("team", override.team());
      overrideNode.put("macro", override.macro());
      overrideNode.put("agent_id", override.agentId());
      overrideNode.put("at", override.at().toString());
    }
    if (entry.csat() != null) {
      node.put("csat", entry.csat());
    }
    return node;
  }

  static ObjectNode prediction(Prediction prediction) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("ticket_id", prediction.ticketId());
    node.put("intent", prediction.intent());
    node.put("team", prediction.team());
    node.put("tier", prediction.tier());
    node.put("template", prediction.template());
    node.put("confidence", prediction.confidence());
    node.put("automated", prediction.automated());
    node.put("prompt_version", prediction.promptVersion());
    node.put("model_version", prediction.modelVersion());
    return node;
  }

  static ObjectNode taxonomy(Taxonomy taxonomy) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("taxonomy_version", taxonomy.taxonomyVersion());
    ObjectNode intents = node.putObject("intents");
    for (Map.Entry<String, IntentPolicy> intent : taxonomy.intents().entrySet()) {
      ObjectNode policy = intents.putObject(intent.getKey());
      policy.put("team", intent.getValue().team());
      policy.put("tier", intent.getValue().tier());
      policy.put("leadership_approval", intent.getValue().leadershipApproval());
    }
    ObjectNode templates = node.putObject("templates");
    taxonomy.templates().forEach((id, intent) -> templates.putObject(id).put("intent", intent));
    Tier2Policy policy = taxonomy.tier2Policy();
    ObjectNode tier2 = node.putObject("tier2_policy");
    sorted(tier2.putArray("allowed_intents"), policy.allowedIntents());
    ObjectNode allowedTemplates = tier2.putObject("allowed_templates");
    for (String intent : new TreeSet<>(policy.allowedTemplates().keySet())) {
      sorted(allowedTemplates.putArray(intent), policy.allowedTemplates().get(intent));
    }
    tier2.put("min_confidence", policy.minConfidence());
    sorted(tier2.putArray("channels"), policy.channels().stream().map(Channel::wireName).toList());
    return node;
  }

  static ObjectNode config(RouterConfig config) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("config_version", config.configVersion());
    node.put("prompt_version", config.promptVersion());
    node.put("model_version", config.modelVersion());
    node.put("confidence_threshold", config.confidenceThreshold());
    ObjectNode thresholds = node.putObject("intent_thresholds");
    config.intentThresholds().forEach(thresholds::put);
    ObjectNode templates = node.putObject("templates");
    for (Map.Entry<String, TemplateSetting> template : config.templates().entrySet()) {
      templates.putObject(template.getKey()).put("enabled", template.getValue().enabled());
    }
    node.put("safe_mode", config.safeMode());
    if (config.anySafeMode()) {
      ObjectNode scopes = node.putObject("safe_mode_scopes");
      config.safeModeScopes().forEach((scope, holders) -> sorted(scopes.putArray(scope), holders));
    }
    return node;
  }

  static ObjectNode manifest(GoldenSetManifest manifest) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("version", manifest.version());
    node.put("created_at", manifest.createdAt().toString());
    node.put("count", manifest.count());
    node.put("sha256", manifest.sha256());
    node.put("taxonomy_version", manifest.taxonomyVersion());
    node.put("parent_version", manifest.parentVersion());
    manifest.changes().forEach(node.putArray("changes")::add);
    return node;
  }

  /** Sorted, so that a set's hash order never reaches the file. */
  private static void sorted(ArrayNode array, Collection<String> values) {
    new TreeSet<>(values).forEach(array::add);
  }
}
