package com.evalops.harness.release;

import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.TemplateSetting;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The keys that differ between two router configs, in a fixed order; the version name itself is
 * left out. This is the diff approvers see, the Change Log records and the rebase compares.
 */
public final class ConfigDiff {
  static final String ABSENT = "(absent)";
  static final String HELD = "held";

  private ConfigDiff() {}

  public static List<FieldChange> between(RouterConfig from, RouterConfig to) {
    List<FieldChange> changes = new ArrayList<>();
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
        ConfigDiff::number);
    entries(
        changes,
        "templates",
        from.templates(),
        to.templates(),
        (TemplateSetting t) -> t.enabled() ? "enabled" : "disabled");
    // One key per scope and holder: holds of different incidents never touch the same key.
    entries(changes, "safe_mode_scopes", holds(from), holds(to), (String held) -> held);
    return changes;
  }

  /** {@code scope[holder]} to {@code held}, for every hold of the config. */
  private static Map<String, String> holds(RouterConfig config) {
    Map<String, String> holds = new TreeMap<>();
    config
        .safeModeScopes()
        .forEach((scope, holders) -> holders.forEach(h -> holds.put(scope + "[" + h + "]", HELD)));
    return holds;
  }

  /**
   * Plain notation without trailing zeros ({@code 0.90} is {@code 0.9}, {@code 1.0} is {@code 1}).
   * NaN and infinities, refused by validation, are still shown rather than thrown on.
   */
  static String number(double value) {
    if (!Double.isFinite(value)) {
      return String.valueOf(value);
    }
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  private static void field(List<FieldChange> changes, String name, String from, String to) {
    if (!Objects.equals(from, to)) {
      changes.add(new FieldChange(name, from, to));
    }
  }

  private static <V> void entries(
      List<FieldChange> changes,
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
}
