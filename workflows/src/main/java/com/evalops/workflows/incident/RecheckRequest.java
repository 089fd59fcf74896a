package com.evalops.workflows.incident;

import com.evalops.workflows.approval.Actor;

/** On-call asks the incident for one more recheck round of its own (a fresh production sample). */
public record RecheckRequest(Actor actor, String comment) {
  public RecheckRequest {
    comment = comment == null ? "" : comment;
  }
}
