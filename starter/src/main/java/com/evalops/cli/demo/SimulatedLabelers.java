package com.evalops.cli.demo;

import com.evalops.harness.contract.IntentPolicy;
import com.evalops.harness.contract.RoutingLogEntry;
import com.evalops.harness.contract.RoutingLogFile;
import com.evalops.harness.contract.Taxonomy;
import com.evalops.harness.contract.TaxonomyFile;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The demo's labelers. The routing log carries no gold labels, so they answer as the support agents
 * did: an agent's override to an intent of the taxonomy is the gold answer (the router was wrong),
 * no override means the router was right. An override to an intent outside the taxonomy is a
 * new-intent signal, not a label, and the router's intent stands. The template was wrong only when
 * one was sent that answers another intent.
 */
final class SimulatedLabelers {
  private final Map<String, RoutingLogEntry> routingLog = new HashMap<>();
  private final Taxonomy taxonomy;

  SimulatedLabelers(Path datasetRoot) {
    taxonomy = TaxonomyFile.load(datasetRoot.resolve("taxonomy.json"));
    RoutingLogFile.stream(
        datasetRoot.resolve("routing-log.jsonl"), (e, line) -> routingLog.put(e.ticketId(), e));
  }

  /** The label body for the API's {@code POST /api/runs/{id}/labels}. */
  Map<String, Object> label(String ticketId) {
    RoutingLogEntry e = routingLog.get(ticketId);
    if (e == null) {
      throw new IllegalStateException("ticket " + ticketId + " is not in the demo routing log");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ticketId", ticketId);
    boolean corrected = e.override() != null && taxonomy.hasIntent(e.override().intent());
    if (!corrected) {
      body.put("correctTeam", true);
      body.put("correctTemplate", true);
      body.put("note", "router was right");
      return body;
    }
    IntentPolicy gold = taxonomy.intent(e.override().intent());
    body.put("correctTeam", gold.team().equals(e.prediction().team()));
    body.put("correctTemplate", templateRight(e));
    body.put("goldIntent", e.override().intent());
    body.put("goldTeam", gold.team());
    body.put("note", "as the agent's correction " + e.override().macro());
    return body;
  }

  /**
   * Whether the answer sent fits the agent's intent: no template is never a wrong answer; a
   * template that answers another intent is.
   */
  private boolean templateRight(RoutingLogEntry e) {
    String template = e.prediction().template();
    return template == null
        || e.override().intent().equals(taxonomy.templateIntents().get(template));
  }
}
