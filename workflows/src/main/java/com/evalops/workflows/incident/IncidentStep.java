package com.evalops.workflows.incident;

import java.util.Arrays;

/**
 * Where an incident is in the runbook (seed §3). Its {@link #wireName()} is what {@link
 * IncidentState#step()} and the refusals of the update validators show: clients compare those
 * strings, so they never change.
 */
enum IncidentStep {
  OPENING("opening"),
  SAFE_MODE("safe_mode"),
  SAMPLING("sampling"),
  LABELING("labeling"),
  EVALUATING("evaluating"),
  MITIGATION_PROPOSAL("mitigation_proposal"),
  /** The candidate config's golden evaluation, as the shared release step names it. */
  RELEASE_GATE("release_gate"),
  MITIGATION_APPROVAL("mitigation_approval"),
  APPLYING("applying"),
  SAFE_MODE_EXIT("safe_mode_exit"),
  /** Gathering exit evidence: the golden recheck, a fresh production sample labeled or scored. */
  RECHECK("recheck"),
  EXIT_APPROVAL("exit_approval"),
  CLOSING("closing"),
  CLOSED("closed");

  private final String wireName;

  IncidentStep(String wireName) {
    this.wireName = wireName;
  }

  String wireName() {
    return wireName;
  }

  /** The step the shared release step names by {@code wireName}. */
  static IncidentStep of(String wireName) {
    return Arrays.stream(values())
        .filter(s -> s.wireName.equals(wireName))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no incident step " + wireName));
  }
}
