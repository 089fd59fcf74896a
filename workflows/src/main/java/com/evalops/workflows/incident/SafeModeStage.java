package com.evalops.workflows.incident;

import static com.evalops.workflows.incident.IncidentContext.incidents;

import com.evalops.harness.release.ConfigOperation;
import com.evalops.workflows.audit.RunbookSearchAttributes;
import com.evalops.workflows.config.AppliedRelease;
import com.evalops.workflows.config.ConfigReleaseStep;
import com.evalops.workflows.config.PreparedRelease;
import com.evalops.workflows.incident.IncidentJournal.Entry;
import java.util.List;

/**
 * Seed §3 step 1: enable safe mode (route-only) if customer harm is possible. With typed releases
 * the incident holds safe mode for its scope (config-releases §5), so another incident's exit
 * cannot lift it; {@link SafeModeExitStage} releases the hold.
 */
final class SafeModeStage {
  private static final String RULE_HOLD = "rule:safe-mode-on-harm-possible";

  private final IncidentContext incident;
  private final IncidentJournal journal;
  private final IncidentReleases releases;
  private boolean entered;
  private boolean on;
  // The scope the hold is on, once held: the request's, or * when that is no scope of the taxonomy.
  private String holdScope;

  SafeModeStage(IncidentContext incident, IncidentReleases releases) {
    this.incident = incident;
    this.journal = incident.journal();
    this.releases = releases;
  }

  boolean isOn() {
    return on;
  }

  boolean wasEntered() {
    return entered;
  }

  /** Null unless this incident holds safe mode (typed releases). */
  String holdScope() {
    return holdScope;
  }

  void enableIfHarmPossible() {
    if (incident.request().harmPossible()) {
      enable();
    } else {
      journal.record("no customer harm possible: safe mode stays off");
    }
  }

  private void enable() {
    StartRegressionRequest request = incident.request();
    journal.enter(IncidentStep.SAFE_MODE, "turning safe mode on for " + request.scope());
    String version =
        incident.typedReleases()
            ? hold()
            : incidents("safe mode on for " + request.scope())
                .setSafeMode(
                    new SafeModeChange(
                        true,
                        "customer harm possible: alarm " + request.alarmName(),
                        incident.id()));
    if (version == null) {
      return;
    }
    entered = true;
    on = true;
    incident.config().moveTo(version);
    journal.record(
        Entry.of(
                "safe mode on (route-only"
                    + (holdScope == null ? "" : " for " + holdScope + ", held by this incident")
                    + ") as config "
                    + version)
            .upsert(RunbookSearchAttributes.SAFE_MODE.valueSet(true))
            .memo("safe_mode", "on", "config_version", version)
            .notify(
                "safe_mode",
                "oncall",
                "safe mode on for " + request.scope(),
                "route-only as config " + version + " until the exit conditions hold"));
  }

  /**
   * Holds safe mode for the incident's scope, the incident being the holder (§5). A scope that is
   * neither a team nor an intent of the taxonomy is held as {@code *}: the safe side.
   *
   * @return the version now in force, or null when no hold could be applied (recorded as a finding)
   */
  private String hold() {
    StartRegressionRequest request = incident.request();
    String scope = request.scope();
    PreparedRelease hold =
        releases.prepare(
            "safe-mode-hold",
            List.of(ConfigOperation.holdSafeMode(scope, incident.id())),
            request.openedBy().id());
    if (!hold.valid()) {
      incident.finding(
          "scope "
              + scope
              + " is not a team or an intent of the taxonomy: safe mode held for everything (*)");
      scope = "*";
      hold =
          releases.prepare(
              "safe-mode-hold-all",
              List.of(ConfigOperation.holdSafeMode(scope, incident.id())),
              request.openedBy().id());
    }
    if (!hold.valid()) {
      incident.finding("safe mode could not be held: " + ConfigReleaseStep.problems(hold));
      return null;
    }
    AppliedRelease applied =
        releases.apply(
            hold,
            List.of(RULE_HOLD),
            request.openedBy().id(),
            "customer harm possible: alarm " + request.alarmName());
    if (applied.status() != AppliedRelease.Status.APPLIED) {
      incident.finding("safe mode could not be held: " + applied.reason());
      return null;
    }
    holdScope = scope;
    return applied.version();
  }

  /** Safe mode is off as config {@code version}: the exit was approved and applied. */
  void switchedOff(String version) {
    on = false;
    incident.config().moveTo(version);
    journal.record(
        Entry.of("safe mode off as config " + version)
            .upsert(RunbookSearchAttributes.SAFE_MODE.valueSet(false))
            .memo("safe_mode", "off", "config_version", version)
            .notify(
                "safe_mode",
                "oncall",
                "safe mode off for " + incident.request().scope(),
                "config " + version));
  }
}
