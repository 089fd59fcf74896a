package com.evalops.activities.config;

import com.evalops.activities.ledger.ChangeEntry;
import com.evalops.harness.contract.RouterConfig;
import java.util.List;

/**
 * Router-config versions. History is never rewritten: a change or a rollback always creates a new
 * version and a Change Log entry; the pointer to the version in force moves atomically.
 */
public interface RouterConfigStore {
  RouterConfig current();

  RouterConfig get(String version);

  /** Every version, oldest name first (numbers inside names compare as numbers: v9 < v10). */
  List<String> versions();

  /**
   * Stores {@code newConfig} under its {@code config_version}, records the change and makes it
   * current.
   *
   * @throws IllegalStateException when that version already exists
   */
  ChangeEntry apply(RouterConfig newConfig, ChangeRequest request);

  /**
   * Creates {@code newVersion} with the content of {@code toVersion}, safe mode as in force, and
   * makes it current.
   */
  ChangeEntry rollback(String toVersion, String newVersion, ChangeRequest request);

  List<ConfigChange> diff(String fromVersion, String toVersion);
}
