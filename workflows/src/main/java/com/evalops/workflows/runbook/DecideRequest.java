package com.evalops.workflows.runbook;

import com.evalops.workflows.approval.Actor;

/**
 * On-call's choice after a verdict other than PASS.
 *
 * @param action {@code no_change} or the kind of one of the run's recommended actions
 * @param threshold the new threshold, for {@code threshold_adjust} (default: the recommended one)
 * @param template the template, for {@code template_disable}
 * @param rollbackTo the config version, for {@code rollback}
 * @param intent for {@code threshold_adjust}: the intent whose threshold moves; blank for the
 *     global confidence threshold. Added later: decisions recorded before it read it as null
 */
public record DecideRequest(
    Actor actor,
    String action,
    String comment,
    Double threshold,
    String template,
    String rollbackTo,
    String intent) {
  public DecideRequest {
    comment = comment == null ? "" : comment;
  }

  /** A decision on the global threshold, or one that moves no threshold. */
  public DecideRequest(
      Actor actor,
      String action,
      String comment,
      Double threshold,
      String template,
      String rollbackTo) {
    this(actor, action, comment, threshold, template, rollbackTo, null);
  }
}
