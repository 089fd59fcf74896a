package com.evalops.workflows.approval;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The append-only decision log a book keeps in workflow state; {@code state()} returns it. */
public final class Decisions {
  public static final String SYSTEM = "system";

  private final List<Decision> entries;

  public Decisions() {
    this(List.of());
  }

  public Decisions(List<Decision> entries) {
    this.entries = new ArrayList<>(entries);
  }

  void byActor(Instant at, String subject, Decision.Type type, Actor actor, String comment) {
    entries.add(
        new Decision(
            at,
            subject,
            type,
            actor == null ? "" : actor.id(),
            actor == null ? "" : actor.channel(),
            Text.orEmpty(comment)));
  }

  void byActorId(Instant at, String subject, Decision.Type type, String actorId, String comment) {
    entries.add(new Decision(at, subject, type, actorId, "", Text.orEmpty(comment)));
  }

  void bySystem(Instant at, String subject, Decision.Type type, String comment) {
    entries.add(new Decision(at, subject, type, SYSTEM, SYSTEM, comment));
  }

  public List<Decision> entries() {
    return List.copyOf(entries);
  }
}
