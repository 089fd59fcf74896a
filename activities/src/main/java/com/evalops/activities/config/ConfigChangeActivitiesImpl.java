package com.evalops.activities.config;

import com.evalops.activities.storage.Sha256;
import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.TemplateSetting;
import com.evalops.workflows.ErrorType;
import com.evalops.workflows.config.ConfigChangeActivities;
import com.evalops.workflows.config.ConfigChangeRequest;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;

/**
 * Applies approved changes through the versioned config store. The new version's name comes from
 * the change id, so a retried activity finishes the same change instead of making another.
 */
public final class ConfigChangeActivitiesImpl implements ConfigChangeActivities {
  private final RouterConfigStore store;

  public ConfigChangeActivitiesImpl(RouterConfigStore store) {
    this.store = store;
  }

  @Override
  public String apply(ConfigChangeRequest r) {
    if (!store.versions().contains(r.baseVersion())) {
      throw failure(ErrorType.NOT_FOUND, "no router config version " + r.baseVersion());
    }
    String version = r.baseVersion() + "-" + shortHash(r.changeId());
    ChangeRequest change =
        new ChangeRequest(
            r.changeId(), r.requestedBy(), r.reason(), r.approvedBy(), r.linkedRunId(), null);
    if (ConfigChangeRequest.ROLLBACK.equals(r.kind())) {
      if (r.rollbackTo() == null || !store.versions().contains(r.rollbackTo())) {
        throw failure(ErrorType.NOT_FOUND, "cannot roll back to unknown version " + r.rollbackTo());
      }
      return store.rollback(r.rollbackTo(), version, change).toVersion();
    }
    RouterConfig base = store.get(r.baseVersion());
    double threshold = base.confidenceThreshold();
    TreeMap<String, TemplateSetting> templates = new TreeMap<>(base.templates());
    boolean safeMode = base.safeMode();
    switch (r.kind()) {
      case ConfigChangeRequest.THRESHOLD_ADJUST -> {
        if (r.threshold() == null || r.threshold() < 0 || r.threshold() > 1) {
          throw failure(
              ErrorType.INVALID_INPUT, "threshold must be within [0, 1]: " + r.threshold());
        }
        threshold = r.threshold();
      }
      case ConfigChangeRequest.TEMPLATE_DISABLE -> {
        if (!templates.containsKey(r.template())) {
          throw failure(
              ErrorType.INVALID_INPUT,
              "template " + r.template() + " is not in config " + r.baseVersion());
        }
        templates.put(r.template(), new TemplateSetting(false));
      }
      case ConfigChangeRequest.SAFE_MODE -> safeMode = true;
      default -> throw failure(ErrorType.INVALID_INPUT, "unknown change kind " + r.kind());
    }
    RouterConfig changed =
        new RouterConfig(
            version,
            base.promptVersion(),
            base.modelVersion(),
            threshold,
            base.intentThresholds(),
            templates,
            safeMode);
    return store.apply(changed, change).toVersion();
  }

  private static String shortHash(String changeId) {
    return Sha256.of(changeId.getBytes(StandardCharsets.UTF_8)).substring(0, 8);
  }

  private static ApplicationFailure failure(ErrorType type, String message) {
    return ApplicationFailure.newNonRetryableFailure(message, type.name());
  }
}
