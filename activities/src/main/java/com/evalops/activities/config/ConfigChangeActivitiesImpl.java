package com.evalops.activities.config;

import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.TemplateSetting;
import com.evalops.workflows.ErrorType;
import com.evalops.workflows.config.ConfigChangeActivities;
import com.evalops.workflows.config.ConfigChangeRequest;
import java.util.TreeMap;

/**
 * Applies approved changes through the versioned config store, by way of {@link ConfigChanges}: a
 * retried activity finishes the same change instead of making another.
 */
public final class ConfigChangeActivitiesImpl implements ConfigChangeActivities {
  private final ConfigChanges changes;

  public ConfigChangeActivitiesImpl(RouterConfigStore store) {
    this.changes = new ConfigChanges(store);
  }

  @Override
  public String apply(ConfigChangeRequest r) {
    ChangeRequest change =
        new ChangeRequest(
            r.changeId(), r.requestedBy(), r.reason(), r.approvedBy(), r.linkedRunId(), null);
    if (ConfigChangeRequest.ROLLBACK.equals(r.kind())) {
      return changes.rollback(r.baseVersion(), r.rollbackTo(), change);
    }
    return changes.apply(r.baseVersion(), change, base -> edit(base, r));
  }

  private static RouterConfig edit(RouterConfig base, ConfigChangeRequest r) {
    double threshold = base.confidenceThreshold();
    TreeMap<String, TemplateSetting> templates = new TreeMap<>(base.templates());
    boolean safeMode = base.safeMode();
    switch (r.kind()) {
      case ConfigChangeRequest.THRESHOLD_ADJUST -> {
        if (r.threshold() == null || r.threshold() < 0 || r.threshold() > 1) {
          throw ConfigChanges.failure(
              ErrorType.INVALID_INPUT, "threshold must be within [0, 1]: " + r.threshold());
        }
        threshold = r.threshold();
      }
      case ConfigChangeRequest.TEMPLATE_DISABLE -> {
        if (!templates.containsKey(r.template())) {
          throw ConfigChanges.failure(
              ErrorType.INVALID_INPUT,
              "template " + r.template() + " is not in config " + r.baseVersion());
        }
        templates.put(r.template(), new TemplateSetting(false));
      }
      case ConfigChangeRequest.SAFE_MODE -> safeMode = true;
      default ->
          throw ConfigChanges.failure(ErrorType.INVALID_INPUT, "unknown change kind " + r.kind());
    }
    return new RouterConfig(
        base.configVersion(),
        base.promptVersion(),
        base.modelVersion(),
        threshold,
        base.intentThresholds(),
        templates,
        safeMode);
  }
}
