package com.evalops.harness.contract;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The router configuration in force ("prod config", data contract §3). */
public record RouterConfig(
    String configVersion,
    String promptVersion,
    String modelVersion,
    double confidenceThreshold,
    SortedMap<String, Double> intentThresholds,
    SortedMap<String, TemplateSetting> templates,
    boolean safeMode) {

  public RouterConfig {
    intentThresholds = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(intentThresholds));
    templates = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(templates));
  }

  /** The threshold in force for an intent: its own entry, else the global threshold. */
  public double thresholdFor(String intent) {
    Double own = intentThresholds.get(intent);
    return own != null ? own : confidenceThreshold;
  }

  /** A template absent from the config is not enabled. */
  public boolean templateEnabled(String template) {
    TemplateSetting setting = templates.get(template);
    return setting != null && setting.enabled();
  }

  public Map<String, TemplateSetting> templateSettings() {
    return templates;
  }

  /** The same config as another version: every change is a new version (data contract §3). */
  public RouterConfig withVersion(String version) {
    return new RouterConfig(
        version,
        promptVersion,
        modelVersion,
        confidenceThreshold,
        intentThresholds,
        templates,
        safeMode);
  }

  public RouterConfig withSafeMode(boolean on) {
    return new RouterConfig(
        configVersion,
        promptVersion,
        modelVersion,
        confidenceThreshold,
        intentThresholds,
        templates,
        on);
  }

  public RouterConfig withThresholds(double global, Map<String, Double> perIntent) {
    return new RouterConfig(
        configVersion,
        promptVersion,
        modelVersion,
        global,
        new TreeMap<>(perIntent),
        templates,
        safeMode);
  }

  /** The same config with these templates enabled (true) or disabled (false). */
  public RouterConfig withTemplates(Map<String, Boolean> enabled) {
    TreeMap<String, TemplateSetting> changed = new TreeMap<>(templates);
    enabled.forEach((id, on) -> changed.put(id, new TemplateSetting(on)));
    return new RouterConfig(
        configVersion,
        promptVersion,
        modelVersion,
        confidenceThreshold,
        intentThresholds,
        changed,
        safeMode);
  }
}
