package com.evalops.workflows.audit;

import java.time.Instant;

/**
 * Who took part in a decision and how: a person (proposed, decided, approved, rejected, refused) or
 * the runbook's own rule ({@code actor} {@code runbook}, channel {@code rule}).
 */
public record Participant(
    String actor, String role, String action, Instant at, String channel, String comment) {

  public static Participant rule(Instant at, String comment) {
    return new Participant("runbook", null, "decided", at, "rule", comment);
  }
}
