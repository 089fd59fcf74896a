package com.evalops.harness.contract;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads {@code taxonomy.json} (data contract §2). Unknown keys are errors at every level: a typo
 * must not silently weaken a policy.
 */
public final class TaxonomyFile {
  private TaxonomyFile() {}

  public static Taxonomy load(Path file) {
    JsonDocument.Node root = JsonDocument.read(file);
    Map<String, JsonDocument.Node> top =
        root.objectWithKeys(
            Set.of("taxonomy_version", "intents", "templates", "tier2_policy"), Set.of());
    String version = top.get("taxonomy_version").string();

    TreeMap<String, IntentPolicy> intents = new TreeMap<>();
    JsonDocument.Node intentsNode = top.get("intents");
    if (intentsNode.object().isEmpty()) {
      throw intentsNode.violation("must name at least one intent");
    }
    for (JsonDocument.Node node : intentsNode.object().values()) {
      Map<String, JsonDocument.Node> fields =
          node.objectWithKeys(Set.of("team", "tier", "leadership_approval"), Set.of());
      intents.put(
          node.key(),
          new IntentPolicy(
              fields.get("team").string(),
              fields.get("tier").tier(),
              fields.get("leadership_approval").bool()));
    }

    TreeMap<String, String> templates = new TreeMap<>();
    for (JsonDocument.Node node : top.get("templates").object().values()) {
      JsonDocument.Node intent = node.objectWithKeys(Set.of("intent"), Set.of()).get("intent");
      if (!intents.containsKey(intent.string())) {
        throw intent.violation("template answers an intent that is not in the taxonomy");
      }
      templates.put(node.key(), intent.string());
    }

    Tier2Policy policy = policy(top.get("tier2_policy"), intents, templates);
    return new Taxonomy(version, intents, templates, policy);
  }

  private static Tier2Policy policy(
      JsonDocument.Node node, Map<String, IntentPolicy> intents, Map<String, String> templates) {
    Map<String, JsonDocument.Node> fields =
        node.objectWithKeys(
            Set.of("allowed_intents", "allowed_templates", "min_confidence", "channels"), Set.of());
    Set<String> allowedIntents = new LinkedHashSet<>();
    for (JsonDocument.Node intent : fields.get("allowed_intents").list()) {
      IntentPolicy policy = intents.get(intent.string());
      if (policy == null) {
        throw intent.violation("allowed intent is not in the taxonomy");
      }
      if (policy.tier() != 2) {
        throw intent.violation(
            "only tier 2 intents may be automated; this one is tier " + policy.tier());
      }
      allowedIntents.add(intent.string());
    }
    Map<String, Set<String>> allowedTemplates = new HashMap<>();
    for (JsonDocument.Node entry : fields.get("allowed_templates").object().values()) {
      if (!allowedIntents.contains(entry.key())) {
        throw entry.violation("templates are allowed for an intent that is not in allowed_intents");
      }
      Set<String> ids = new LinkedHashSet<>();
      for (JsonDocument.Node template : entry.list()) {
        String id = template.string();
        if (!entry.key().equals(templates.get(id))) {
          throw template.violation("template is not defined for intent " + entry.key());
        }
        ids.add(id);
      }
      allowedTemplates.put(entry.key(), ids);
    }
    Set<Channel> channels = new LinkedHashSet<>();
    for (JsonDocument.Node channel : fields.get("channels").list()) {
      Channel parsed = Channel.fromWireName(channel.string());
      if (parsed == null) {
        throw channel.violation("must be \"livechat\" or \"email\"");
      }
      channels.add(parsed);
    }
    return new Tier2Policy(
        allowedIntents, allowedTemplates, fields.get("min_confidence").probability(), channels);
  }
}
