package com.evalops.worker;

import com.evalops.harness.contract.IntentPolicy;
import com.evalops.harness.contract.RoutingLogEntry;
import com.evalops.harness.contract.RoutingLogFile;
import com.evalops.harness.contract.Taxonomy;
import com.evalops.harness.contract.TaxonomyFile;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The demo's labelers (as starter's SimulatedLabelers): an agent's override to an intent of the
 * taxonomy is the gold answer, no override means the router was right. Labels are the JSON bodies
 * of {@code POST /api/runs/{id}/labels}.
 */
public final class SimulatedLabelers {
  private final Map<String, RoutingLogEntry> log = new HashMap<>();
  private final Taxonomy taxonomy;

  public SimulatedLabelers(Path dataset) {
    taxonomy = TaxonomyFile.load(dataset.resolve("taxonomy.json"));
    RoutingLogFile.stream(
        dataset.resolve("routing-log.jsonl"), (e, line) -> log.put(e.ticketId(), e));
  }

  public String label(String ticketId) {
    RoutingLogEntry e = log.get(ticketId);
    boolean corrected = e.override() != null && taxonomy.hasIntent(e.override().intent());
    if (!corrected) {
      return "{\"ticketId\":\"" + ticketId + "\",\"correctTeam\":true,\"correctTemplate\":true}";
    }
    IntentPolicy gold = taxonomy.intent(e.override().intent());
    return "{\"ticketId\":\""
        + ticketId
        + "\",\"correctTeam\":"
        + gold.team().equals(e.prediction().team())
        + ",\"correctTemplate\":"
        + templateRight(e)
        + ",\"goldIntent\":\""
        + e.override().intent()
        + "\",\"goldTeam\":\""
        + gold.team()
        + "\"}";
  }

  /** No template is never a wrong answer; a template that answers another intent is. */
  private boolean templateRight(RoutingLogEntry e) {
    String template = e.prediction().template();
    return template == null
        || e.override().intent().equals(taxonomy.templateIntents().get(template));
  }
}
