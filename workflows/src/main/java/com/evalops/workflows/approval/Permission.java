package com.evalops.workflows.approval;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Who may do what: the one table the workflows' validators and every channel (API, console, Slack,
 * command line) check. A vote's table entry says who may cast one at all; which votes count is the
 * request's own approval policy.
 */
public enum Permission {
  RAISE_ALARM("raise an alarm", Role.ONCALL),
  OPEN_INCIDENT("open an incident", Role.ONCALL),
  START_RUNBOOK("start a runbook", Role.ONCALL),
  APPLY_SCHEDULES("apply the cadence schedules", Role.ONCALL),
  /** On-call labels too: labeling short of quorum escalates to them (seed §3). */
  LABEL("submitLabel", Role.LABELER, Role.ONCALL),
  READ_LABELING_QUEUE("read the labeling queue", Role.LABELER, Role.ONCALL),
  DECIDE("decide", Role.ONCALL),
  VOTE("vote", Role.ONCALL, Role.LEADERSHIP, Role.LABELER),
  OPEN_APPROVALS("open the approvals page", Role.ONCALL, Role.LEADERSHIP),
  PROPOSE_MITIGATION("proposeMitigation", Role.ONCALL),
  REQUEST_SAFE_MODE_EXIT("requestSafeModeExit", Role.ONCALL),
  REQUEST_RECHECK("requestRecheck", Role.ONCALL),
  RECORD_EVALUATION("recordEvaluation", Role.ONCALL),
  NAME_QA_WINDOW("recordQaWindow", Role.ONCALL, Role.LABELER),
  REQUEST_HOLD_RELEASE("requestSafeModeRelease", Role.ONCALL, Role.LEADERSHIP);

  private final String action;
  private final Set<Role> roles;

  Permission(String action, Role first, Role... rest) {
    this.action = action;
    this.roles = Set.copyOf(EnumSet.of(first, rest));
  }

  /** The action as refusals and histories name it. */
  public String action() {
    return action;
  }

  /** The roles any one of which allows it. */
  public Set<Role> roles() {
    return roles;
  }

  public Role[] rolesArray() {
    return List.copyOf(roles).stream().sorted().toArray(Role[]::new);
  }

  public boolean allows(Actor actor) {
    return actor != null && actor.hasAnyRole(roles);
  }
}
