package com.evalops.activities.config;

import com.evalops.harness.contract.RouterConfig;
import com.evalops.stores.config.ChangeRequest;
import com.evalops.stores.config.RouterConfigStore;
import com.evalops.workflows.ErrorType;
import com.evalops.workflows.config.ConfigChangeActivities;
import com.evalops.workflows.config.ConfigChangeRequest;
import java.util.Map;

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
    switch (r.kind()) {
      case ConfigChangeRequest.THRESHOLD_ADJUST -> {
        if (r.threshold() == null || r.threshold() < 0 || r.threshold() > 1) {
          throw ConfigChanges.failure(
              ErrorType.INVALID_INPUT, "threshold must be within [0, 1]: " + r.threshold());
        }
        return base.withThresholds(r.threshold(), base.intentThresholds());
      }
      case ConfigChangeRequest.TEMPLATE_DISABLE -> {
        if (!base.templates().containsKey(r.template())) {
          throw ConfigChanges.failure(
              ErrorType.INVALID_INPUT,
              "template " + r.template() + " is not in config " + r.baseVersion());
        }
        return base.withTemplates(Map.of(r.template(), false));
      }
      case ConfigChangeRequest.SAFE_MODE -> {
        return base.withSafeMode(true);
      }
      default ->
          throw ConfigChanges.failure(ErrorType.INVALID_INPUT, "unknown change kind " + r.kind());
    }
  }
}
