package com.evalops.harness.contract;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The router configuration in force ("prod config", data contract §3).
 *
 * <p>Safe mode (route-only: no auto-reply, no automated action) is held per scope by its holders
 * ({@code safe_mode_scopes}: scope to holder ids, config-releases §5). A scope is a team, an intent
 * or {@link #ALL_SCOPES} for everything. {@code safe_mode} is true exactly when {@code *} is held,
 * so a reader that knows only {@code safe_mode} never routes less safely than this config means. A
 * file written before scopes existed with {@code safe_mode: true} reads as {@code *} held by {@link
 * #UNOWNED_HOLDER}: nothing releases it but an approved request naming that holder.
 */
public record RouterConfig(
    String configVersion,
    String promptVersion,
    String modelVersion,
    double confidenceThreshold,
    SortedMap<String, Double> intentThresholds,
    SortedMap<String, TemplateSetting> templates,
    boolean safeMode,
    SortedMap<String, SortedSet<String>> safeModeScopes) {

  /** The scope that covers every ticket. */
  public static final String ALL_SCOPES = "*";

  /** The holder of a global safe mode written without holders (a file from before scopes). */
  public static final String UNOWNED_HOLDER = "unowned";

  public RouterConfig {
    intentThresholds = Collections.unmodifiableSortedMap(new TreeMap<>(intentThresholds));
    templates = Collections.unmodifiableSortedMap(new TreeMap<>(templates));
    TreeMap<String, SortedSet<String>> scopes = new TreeMap<>();
    if (safeModeScopes != null) {
      safeModeScopes.forEach(
          (scope, holders) -> {
            if (holders != null && !holders.isEmpty()) {
              scopes.put(scope, Collections.unmodifiableSortedSet(new TreeSet<>(holders)));
            }
          });
    }
    if (safeMode && !scopes.containsKey(ALL_SCOPES)) {
      scopes.put(
          ALL_SCOPES, Collections.unmodifiableSortedSet(new TreeSet<>(Set.of(UNOWNED_HOLDER))));
    }
    safeModeScopes = Collections.unmodifiableSortedMap(scopes);
    safeMode = scopes.containsKey(ALL_SCOPES);
  }

  /**
   * A config without scoped holds: {@code safeMode} true holds {@code *} as {@link
   * #UNOWNED_HOLDER}.
   */
  public RouterConfig(
      String configVersion,
      String promptVersion,
      String modelVersion,
      double confidenceThreshold,
      SortedMap<String, Double> intentThresholds,
      SortedMap<String, TemplateSetting> templates,
      boolean safeMode) {
    this(
        configVersion,
        promptVersion,
        modelVersion,
        confidenceThreshold,
        intentThresholds,
        templates,
        safeMode,
        null);
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

  /**
   * Whether a ticket routed to this intent and team must be route-only: safe mode is held for
   * everything, for the team or for the intent.
   */
  public boolean routeOnly(String intent, String team) {
    return safeMode
        || (intent != null && safeModeScopes.containsKey(intent))
        || (team != null && safeModeScopes.containsKey(team));
  }

  /** Whether any scope is held. */
  public boolean anySafeMode() {
    return !safeModeScopes.isEmpty();
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
        safeMode,
        safeModeScopes);
  }

  /** The same routing content with these safe-mode holds instead of its own. */
  public RouterConfig withSafeModeScopes(Map<String, ? extends SortedSet<String>> scopes) {
    return new RouterConfig(
        configVersion,
        promptVersion,
        modelVersion,
        confidenceThreshold,
        intentThresholds,
        templates,
        false,
        new TreeMap<>(scopes));
  }

  /** The same config with {@code holder} holding safe mode for {@code scope}. */
  public RouterConfig holding(String scope, String holder) {
    TreeMap<String, SortedSet<String>> scopes = copyScopes();
    scopes.computeIfAbsent(scope, s -> new TreeSet<>()).add(holder);
    return withSafeModeScopes(scopes);
  }

  /** The same config without {@code holder}'s hold on {@code scope}; other holders keep theirs. */
  public RouterConfig releasing(String scope, String holder) {
    TreeMap<String, SortedSet<String>> scopes = copyScopes();
    SortedSet<String> holders = scopes.get(scope);
    if (holders != null) {
      holders.remove(holder);
      if (holders.isEmpty()) {
        scopes.remove(scope);
      }
    }
    return withSafeModeScopes(scopes);
  }

  /**
   * Global safe mode on (held by {@link #UNOWNED_HOLDER} unless already held) or every hold
   * released.
   */
  public RouterConfig withSafeMode(boolean on) {
    return on
        ? (safeMode ? this : holding(ALL_SCOPES, UNOWNED_HOLDER))
        : withSafeModeScopes(Map.of());
  }

  public RouterConfig withThresholds(double global, Map<String, Double> perIntent) {
    return new RouterConfig(
        configVersion,
        promptVersion,
        modelVersion,
        global,
        new TreeMap<>(perIntent),
        templates,
        safeMode,
        safeModeScopes);
  }

  public RouterConfig withModelVersion(String version) {
    return new RouterConfig(
        configVersion,
        promptVersion,
        version,
        confidenceThreshold,
        intentThresholds,
        templates,
        safeMode,
        safeModeScopes);
  }

  public RouterConfig withPromptVersion(String version) {
    return new RouterConfig(
        configVersion,
        version,
        modelVersion,
        confidenceThreshold,
        intentThresholds,
        templates,
        safeMode,
        safeModeScopes);
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
        safeMode,
        safeModeScopes);
  }

  private TreeMap<String, SortedSet<String>> copyScopes() {
    TreeMap<String, SortedSet<String>> scopes = new TreeMap<>();
    safeModeScopes.forEach((scope, holders) -> scopes.put(scope, new TreeSet<>(holders)));
    return scopes;
  }
}
