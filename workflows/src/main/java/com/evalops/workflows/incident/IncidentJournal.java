package com.evalops.workflows.incident;

import com.evalops.workflows.RunbookActivityOptions;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.audit.RunbookAudit;
import com.evalops.workflows.notify.ApprovalNotice;
import com.evalops.workflows.notify.Notification;
import com.evalops.workflows.notify.NotifierActivities;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Everything an incident reports as it goes, in one place: the step it is at and whom it waits for
 * (the {@code state()} query), the run's current details, its history, and the memo, search
 * attributes and notifications that leave the workflow. One call per event of the runbook: an
 * {@link Entry} names every channel the event goes to, and only those.
 */
final class IncidentJournal {
  private final NotifierActivities notifier =
      Workflow.newActivityStub(NotifierActivities.class, RunbookActivityOptions.NOTIFY);
  private final Supplier<String> incidentId;
  private final List<String> history = new ArrayList<>();
  private IncidentStep step = IncidentStep.OPENING;
  private String waitingFor = "";
  private Set<Role> waitingOn = Set.of();
  private Instant until;

  IncidentJournal(Supplier<String> incidentId) {
    this.incidentId = incidentId;
  }

  /**
   * One event of the incident: a history line, at most one search-attribute upsert, memo fields and
   * a notification, each optional. They are issued in that order, so the commands an event adds to
   * the Temporal history do not depend on how the code builds it.
   */
  record Entry(
      String line, List<SearchAttributeUpdate<?>> attributes, List<String> memo, Notice notice) {

    /** An event that adds {@code line} to the history. */
    static Entry of(String line) {
      return new Entry(line, List.of(), List.of(), null);
    }

    /** An event the history does not show. */
    static Entry of() {
      return of(null);
    }

    /** Upserts {@code updates} in one command. */
    Entry upsert(SearchAttributeUpdate<?>... updates) {
      return new Entry(line, List.of(updates), memo, notice);
    }

    /** Memo fields as {@link RunbookAudit#memo}: key, value, …; a null value is left out. */
    Entry memo(String... keysAndValues) {
      return new Entry(line, attributes, Arrays.asList(keysAndValues), notice);
    }

    Entry notify(String kind, String audience, String title, String text) {
      return notify(kind, audience, title, text, null);
    }

    /** A notice about {@code approval}, the request as it stands now. */
    Entry notify(String kind, String audience, String title, String text, ApprovalNotice approval) {
      return new Entry(line, attributes, memo, new Notice(kind, audience, title, text, approval));
    }
  }

  /** A notification of this incident; {@code approval} is null for one about no request. */
  record Notice(String kind, String audience, String title, String text, ApprovalNotice approval) {}

  IncidentStep step() {
    return step;
  }

  boolean isAt(IncidentStep... steps) {
    return Arrays.asList(steps).contains(step);
  }

  /** The incident is at {@code next} now. */
  void enter(IncidentStep next) {
    step = next;
  }

  /** The incident is at {@code next} now, doing {@code details}. */
  void enter(IncidentStep next, String details) {
    enter(next);
    show(details);
  }

  /** What the incident does or waits for now, as the Temporal UI shows it. */
  void show(String details) {
    RunbookAudit.step(details);
  }

  void waitFor(String what, Set<Role> roles, Instant deadline) {
    waitingFor = what;
    waitingOn = roles;
    until = deadline;
  }

  void stopWaiting() {
    waitFor("", Set.of(), null);
  }

  String waitingFor() {
    return waitingFor;
  }

  Set<Role> waitingOn() {
    return waitingOn;
  }

  /** The deadline of the current wait, or null without one. */
  Instant until() {
    return until;
  }

  List<String> history() {
    return history;
  }

  /** A history line and nothing else. */
  void record(String line) {
    history.add(line);
  }

  void record(Entry entry) {
    if (!entry.attributes().isEmpty()) {
      Workflow.upsertTypedSearchAttributes(
          entry.attributes().toArray(SearchAttributeUpdate<?>[]::new));
    }
    if (entry.line() != null) {
      history.add(entry.line());
    }
    if (!entry.memo().isEmpty()) {
      RunbookAudit.memo(entry.memo().toArray(String[]::new));
    }
    if (entry.notice() != null) {
      Notice n = entry.notice();
      notifier.notify(
          new Notification(
              n.kind(), incidentId.get(), n.audience(), n.title(), n.text(), n.approval()));
    }
  }

  /** A notification and nothing else. */
  void notify(String kind, String audience, String title, String text) {
    record(Entry.of().notify(kind, audience, title, text));
  }

  /** A notification about {@code approval}, the request as it stands now, and nothing else. */
  void notify(String kind, String audience, String title, String text, ApprovalNotice approval) {
    record(Entry.of().notify(kind, audience, title, text, approval));
  }
}
