package com.evalops.harness.contract;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads {@code router-config.json} (data contract §3), with the optional {@code safe_mode_scopes}
 * ({@code {scope: [holder, …]}}) of config-releases §5.
 */
public final class RouterConfigFile {
  private RouterConfigFile() {}

  public static RouterConfig load(Path file) {
    return fromDocument(JsonDocument.read(file));
  }

  /** The same format held in memory, e.g. an object's bytes; {@code source} names it in errors. */
  public static RouterConfig parse(Path source, byte[] json) {
    return fromDocument(JsonDocument.read(source, json));
  }

  private static RouterConfig fromDocument(JsonDocument.Node document) {
    Map<String, JsonDocument.Node> fields =
        document.objectWithKeys(
            Set.of(
                "config_version",
                "prompt_version",
                "model_version",
                "confidence_threshold",
                "intent_thresholds",
                "templates",
                "safe_mode"),
            Set.of("safe_mode_scopes"));
    TreeMap<String, Double> intentThresholds = new TreeMap<>();
    for (JsonDocument.Node node : fields.get("intent_thresholds").object().values()) {
      intentThresholds.put(node.key(), node.probability());
    }
    TreeMap<String, TemplateSetting> templates = new TreeMap<>();
    for (JsonDocument.Node node : fields.get("templates").object().values()) {
      templates.put(
          node.key(),
          new TemplateSetting(
              node.objectWithKeys(Set.of("enabled"), Set.of()).get("enabled").bool()));
    }
    TreeMap<String, SortedSet<String>> scopes = new TreeMap<>();
    JsonDocument.Node held = fields.get("safe_mode_scopes");
    if (held != null) {
      for (JsonDocument.Node scope : held.object().values()) {
        List<String> holders = scope.stringList();
        if (holders.isEmpty()) {
          throw scope.violation("a held scope names at least one holder");
        }
        scopes.put(scope.key(), new TreeSet<>(holders));
      }
    }
    return new RouterConfig(
        fields.get("config_version").string(),
        fields.get("prompt_version").string(),
        fields.get("model_version").string(),
        fields.get("confidence_threshold").probability(),
        intentThresholds,
        templates,
        fields.get("safe_mode").bool(),
        scopes);
  }
}
