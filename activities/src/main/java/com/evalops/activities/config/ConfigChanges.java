package com.evalops.activities.config;

import com.evalops.harness.contract.RouterConfig;
import com.evalops.stores.config.ChangeRequest;
import com.evalops.stores.config.RouterConfigStore;
import com.evalops.stores.storage.Sha256;
import com.evalops.workflows.ErrorType;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * The activity side of a config change, shared by every runbook that changes the router config: the
 * new version's name comes from the base version and the change id, so a retried activity finishes
 * the same change (the store finds its Change Log entry) instead of making another; a missing
 * version is a non-retryable {@link ErrorType#NOT_FOUND}.
 */
public final class ConfigChanges {
  private final RouterConfigStore store;

  public ConfigChanges(RouterConfigStore store) {
    this.store = store;
  }

  /** The version a change makes from {@code baseVersion}; the same for every retry. */
  public static String versionFor(String baseVersion, String changeId) {
    return baseVersion + "-" + Sha256.of(changeId.getBytes(StandardCharsets.UTF_8)).substring(0, 8);
  }

  /**
   * Applies {@code edit} to {@code baseVersion}'s content as a new version and makes it current.
   *
   * @return the new version
   */
  public String apply(String baseVersion, ChangeRequest change, UnaryOperator<RouterConfig> edit) {
    RouterConfig base = base(baseVersion);
    RouterConfig edited = edit.apply(base);
    RouterConfig named = edited.withVersion(versionFor(baseVersion, change.changeId()));
    return store.apply(named, change).toVersion();
  }

  /**
   * Brings back {@code toVersion}'s content as a new version made from {@code baseVersion}.
   *
   * @return the new version
   */
  public String rollback(String baseVersion, String toVersion, ChangeRequest change) {
    base(baseVersion);
    if (toVersion == null || !store.versions().contains(toVersion)) {
      throw failure(ErrorType.NOT_FOUND, "cannot roll back to unknown version " + toVersion);
    }
    return store
        .rollback(toVersion, versionFor(baseVersion, change.changeId()), change)
        .toVersion();
  }

  public static ApplicationFailure failure(ErrorType type, String message) {
    return ApplicationFailure.newNonRetryableFailure(message, type.name());
  }

  private RouterConfig base(String version) {
    if (version == null || !store.versions().contains(version)) {
      throw failure(ErrorType.NOT_FOUND, "no router config version " + version);
    }
    return store.get(version);
  }
}
