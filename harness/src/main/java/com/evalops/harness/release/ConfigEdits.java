package com.evalops.harness.release;

import com.evalops.harness.contract.RouterConfig;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What a change's operations make of a config: applied in order on {@code base}, the result named
 * like {@code base} (the store names the new version). A rollback brings back the stored version's
 * routing content and keeps the safe-mode holds in force: holds belong to their incidents and only
 * their own release lifts them (§5). Operations are assumed valid ({@link ChangeValidation}).
 */
public final class ConfigEdits {
  private ConfigEdits() {}

  public static RouterConfig apply(
      RouterConfig base, ConfigChange change, Function<String, RouterConfig> stored) {
    RouterConfig config = base;
    for (ConfigOperation o : change.operations()) {
      config = apply(config, o, stored);
    }
    return config.withVersion(base.configVersion());
  }

  private static RouterConfig apply(
      RouterConfig config, ConfigOperation o, Function<String, RouterConfig> stored) {
    return switch (o.op()) {
      case ConfigOperation.SET_THRESHOLD -> {
        if (ConfigOperation.GLOBAL.equals(o.target())) {
          yield config.withThresholds(o.value(), config.intentThresholds());
        }
        Map<String, Double> perIntent = new TreeMap<>(config.intentThresholds());
        perIntent.put(o.target(), o.value());
        yield config.withThresholds(config.confidenceThreshold(), perIntent);
      }
      case ConfigOperation.DISABLE_TEMPLATE -> config.withTemplates(Map.of(o.target(), false));
      case ConfigOperation.ENABLE_TEMPLATE -> config.withTemplates(Map.of(o.target(), true));
      case ConfigOperation.SET_MODEL -> config.withModelVersion(o.target());
      case ConfigOperation.SET_PROMPT -> config.withPromptVersion(o.target());
      case ConfigOperation.ROLLBACK_TO ->
          stored
              .apply(o.target())
              .withVersion(config.configVersion())
              .withSafeModeScopes(config.safeModeScopes());
      case ConfigOperation.HOLD_SAFE_MODE -> config.holding(o.target(), o.holder());
      case ConfigOperation.RELEASE_SAFE_MODE -> config.releasing(o.target(), o.holder());
      default -> throw new IllegalArgumentException("unknown operation " + o.op());
    };
  }
}
