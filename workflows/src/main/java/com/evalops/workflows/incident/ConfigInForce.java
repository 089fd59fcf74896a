package com.evalops.workflows.incident;

import com.evalops.workflows.RunbookActivityOptions;
import com.evalops.workflows.audit.RunbookAudit;
import com.evalops.workflows.audit.RunbookSearchAttributes;
import com.evalops.workflows.config.ConfigReleaseActivities;
import com.evalops.workflows.incident.IncidentJournal.Entry;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The router config in force as the incident sees it, and each version it saw become current. */
final class ConfigInForce {
  private final IncidentJournal journal;
  private final List<String> versions = new ArrayList<>();
  private String version;
  // When the config in force became current, as this incident saw it: QA windows count after it.
  private Instant since;
  // A proposal or exit request whose change the store is checking: a second one waits its turn.
  private boolean checking;

  ConfigInForce(String version, IncidentJournal journal) {
    this.journal = journal;
    this.version = version;
    versions.add(version);
  }

  String version() {
    return version;
  }

  Instant since() {
    return since;
  }

  /** Oldest first, the alarm-time config first. */
  List<String> versions() {
    return versions;
  }

  /** The incident starts watching the config it opened under. */
  void watchFrom(Instant now) {
    since = now;
  }

  void moveTo(String next) {
    version = next;
    since = IncidentContext.now();
    versions.add(next);
    journal.record(Entry.of().upsert(RunbookSearchAttributes.CONFIG_VERSION.valueSet(next)));
  }

  /**
   * Asks the config store for the version in force: another runbook's change (a hold, a mitigation)
   * moves it, and evidence counts only under the config customers get now.
   */
  void follow() {
    String inForce;
    try {
      inForce =
          RunbookAudit.activities(
                  ConfigReleaseActivities.class, RunbookActivityOptions.CHECK, "config in force")
              .inForce();
    } catch (ActivityFailure e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the config store cannot say which config is in force: " + IncidentContext.rootMessage(e),
          "STORE_UNAVAILABLE");
    }
    if (!inForce.equals(version)) {
      journal.record("the config in force moved to " + inForce + " (another change landed)");
      moveTo(inForce);
    }
  }

  /** Runs {@code check} of a change against the config in force, one check at a time. */
  <T> T checking(Supplier<T> check) {
    checking = true;
    try {
      return check.get();
    } finally {
      checking = false;
    }
  }

  void requireNotChecking(String incidentId) {
    if (checking) {
      throw new IllegalStateException(
          "another proposal or exit request of incident "
              + incidentId
              + " is being checked against the config in force; try again in a moment");
    }
  }
}
