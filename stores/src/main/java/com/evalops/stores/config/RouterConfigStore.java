package com.evalops.stores.config;

import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.release.ConfigDiff;
import com.evalops.harness.release.FieldChange;
import com.evalops.stores.ledger.ChangeEntry;
import java.util.List;
import java.util.Optional;

/**
 * Router-config versions. History is never rewritten: a change or a rollback always creates a new
 * version and a Change Log entry; the pointer to the version in force moves only by {@link
 * #compareAndSet}, so a change made on a version that is no longer in force can never silently
 * revert the one that landed first (config-releases §1). The Change Log lists the changes in the
 * order the pointer moved, each entry starting from the version the one before it made current.
 */
public interface RouterConfigStore {
  RouterConfig current();

  RouterConfig get(String version);

  /** Every version, oldest name first (numbers inside names compare as numbers: v9 < v10). */
  List<String> versions();

  /**
   * Stores {@code config} under its {@code config_version} without making it current: a candidate
   * to evaluate before it may become current. Storing the same content again does nothing.
   *
   * @throws IllegalStateException when that version exists with different content
   */
  void store(RouterConfig config);

  /**
   * Makes {@code next} current only if {@code expectedVersion} is still the version in force,
   * atomically with its Change Log entry (id {@code request.changeId()}, from {@code
   * expectedVersion}, the diff between the two). {@code next} is stored first as by {@link #store},
   * so a stored candidate becomes current by passing it unchanged.
   *
   * <p>Idempotent by change id: when the Change Log already has an entry with that id, whatever the
   * first attempt left undone is finished and that entry is returned, even if other changes landed
   * since.
   *
   * @param rolledBackTo the version whose content the change brings back; null for other changes
   * @return the entry, or the version now in force when it is not {@code expectedVersion} (then
   *     nothing was changed)
   * @throws IllegalStateException when {@code next}'s version exists with different content
   */
  Swap compareAndSet(
      String expectedVersion, RouterConfig next, String rolledBackTo, ChangeRequest request);

  /** The Change Log entry with this id, once its change is current (or was). */
  Optional<ChangeEntry> findChange(String changeId);

  /** What {@link #compareAndSet} did. */
  record Swap(ChangeEntry entry, String inForce) {
    public static Swap applied(ChangeEntry entry) {
      return new Swap(entry, entry.toVersion());
    }

    public static Swap moved(String inForce) {
      return new Swap(null, inForce);
    }

    /** False when the version in force was not the expected one and nothing changed. */
    public boolean applied() {
      return entry != null;
    }
  }

  /**
   * Stores {@code newConfig} under its {@code config_version}, records the change and makes it
   * current, on whatever version is in force: for callers that edit the version in force
   * themselves. A change approved on a given version uses {@link #compareAndSet}.
   *
   * @throws IllegalStateException when that version already exists with other content
   */
  default ChangeEntry apply(RouterConfig newConfig, ChangeRequest request) {
    while (true) {
      Swap swap = compareAndSet(current().configVersion(), newConfig, null, request);
      if (swap.applied()) {
        return swap.entry();
      }
    }
  }

  /**
   * Creates {@code newVersion} with the content of {@code toVersion} and makes it current. The
   * safe-mode holds in force stay: they belong to their incidents and only their own approved
   * release lifts them (config-releases §5).
   */
  default ChangeEntry rollback(String toVersion, String newVersion, ChangeRequest request) {
    RouterConfig old = get(toVersion);
    while (true) {
      RouterConfig inForce = current();
      RouterConfig restored =
          old.withVersion(newVersion).withSafeModeScopes(inForce.safeModeScopes());
      Swap swap = compareAndSet(inForce.configVersion(), restored, toVersion, request);
      if (swap.applied()) {
        return swap.entry();
      }
    }
  }

  default List<FieldChange> diff(String fromVersion, String toVersion) {
    return ConfigDiff.between(get(fromVersion), get(toVersion));
  }
}
