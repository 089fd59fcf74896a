package com.evalops.worker.web;

import com.evalops.activities.ledger.DecisionEntry;
import com.evalops.activities.ledger.LedgerEntry;
import com.evalops.workflows.approval.ApprovalState;
import com.evalops.workflows.approval.Decision;
import com.evalops.workflows.approval.LabelingState;
import com.evalops.workflows.approval.Refusal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One line of a run's timeline: what happened, when, who did it, through which channel, and why
 * (their comment, or the refusal's reason).
 *
 * @param type {@code decision}, {@code vote}, {@code label}, {@code refusal}, {@code system}
 */
public record TimelineEvent(
    Instant at, String type, String what, String who, String channel, String why) {

  /** Every event the runbook's books and its Decision Log entries hold, oldest first. */
  static List<TimelineEvent> of(
      ApprovalState approvals, LabelingState labeling, List<LedgerEntry<DecisionEntry>> decisions) {
    List<TimelineEvent> events = new ArrayList<>();
    if (approvals != null) {
      approvals.decisions().forEach(d -> events.add(of(d)));
      approvals.refusals().forEach(r -> events.add(of(r)));
    }
    if (labeling != null) {
      labeling.decisions().forEach(d -> events.add(of(d)));
      labeling.refusals().forEach(r -> events.add(of(r)));
    }
    for (LedgerEntry<DecisionEntry> e : decisions) {
      DecisionEntry d = e.content();
      events.add(
          new TimelineEvent(
              e.recordedAt(),
              "decision",
              "Decision Log #"
                  + e.seq()
                  + " "
                  + d.runId()
                  + ": verdict "
                  + d.verdict()
                  + ", decision "
                  + d.decision()
                  + (d.appliedConfigVersion() == null
                      ? ""
                      : ", config " + d.appliedConfigVersion() + " applied"),
              String.join(", ", d.actors().stream().map(a -> a.actor()).distinct().toList()),
              String.join(", ", d.actors().stream().map(a -> a.channel()).distinct().toList()),
              String.join("; ", d.reasons())));
    }
    events.sort(
        Comparator.comparing(TimelineEvent::at, Comparator.nullsFirst(Comparator.naturalOrder())));
    return events;
  }

  private static TimelineEvent of(Decision d) {
    String type =
        switch (d.type()) {
          case APPROVE_VOTE, REJECT_VOTE -> "vote";
          case LABELED, SECOND_OPINION -> "label";
          case REFUSED -> "refusal";
          case APPROVED, REJECTED -> "decision";
          default -> "system";
        };
    return new TimelineEvent(
        d.at(),
        type,
        d.type().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " " + d.subject(),
        d.actorId(),
        d.channel(),
        d.comment());
  }

  private static TimelineEvent of(Refusal r) {
    return new TimelineEvent(
        r.at(),
        "refusal",
        "refused " + r.requestId(),
        r.actor() == null ? "" : r.actor().id(),
        r.actor() == null ? "" : r.actor().channel(),
        r.reason());
  }
}
