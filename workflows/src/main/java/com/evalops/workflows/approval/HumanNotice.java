package com.evalops.workflows.approval;

/** The notices the shared wait loops send while people are waited for, by notification kind. */
public enum HumanNotice {
  /** A vote was counted and the approval request still waits; to its approvers. */
  VOTE_COUNTED("approval_updated"),
  /** A reminder time before the deadline was reached. */
  REMINDER("reminder"),
  /** The escalation time was reached and the escalation was not spared. */
  ESCALATION("escalation");

  private final String kind;

  HumanNotice(String kind) {
    this.kind = kind;
  }

  /** The notification kind channels know it by. */
  public String kind() {
    return kind;
  }
}
