package com.evalops.activities.config;

import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.TemplateSetting;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;

/** The fields that differ between two router configs; the version name itself is left out. */
public final class ConfigDiff {
  private static final String ABSENT = "(absent)";

  private ConfigDiff() {}

  public static List<ConfigChange> between(RouterConfig from, RouterConfig to) {
    List<ConfigChange> changes = new ArrayList<>();
    field(changes, "prompt_version", from.promptVersion(), to.promptVersion());
    field(changes, "model_version", from.modelVersion(), to.modelVersion());
    field(
        changes,
        "confidence_threshold",
        number(from.confidenceThreshold()),
        number(to.confidenceThreshold()));
    entries(
        changes,
        "intent_thresholds",
        from.intentThresholds(),
        to.intentThresholds(),
        d -> number(d));
    entries(
        changes,
        "templates",
        from.templates(),
        to.templates(),
        (TemplateSetting t) -> t.enabled() ? "enabled" : "disabled");
    field(changes, "safe_mode", onOff(from.safeMode()), onOff(to.safeMode()));
    return changes;
  }

  private static void field(List<ConfigChange> changes, String name, String from, String to) {
    if (!Objects.equals(from, to)) {
      changes.add(new ConfigChange(name, from, to));
    }
  }

  private static <V> void entries(
      List<ConfigChange> changes,
      String name,
      Map<String, V> from,
      Map<String, V> to,
      Function<V, String> show) {
    TreeSet<String> keys = new TreeSet<>(from.keySet());
    keys.addAll(to.keySet());
    for (String key : keys) {
      field(
          changes,
          name + "." + key,
          from.containsKey(key) ? show.apply(from.get(key)) : ABSENT,
          to.containsKey(key) ? show.apply(to.get(key)) : ABSENT);
    }
  }

  private static String number(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  private static String onOff(boolean on) {
    return on ? "on" : "off";
  }
}
