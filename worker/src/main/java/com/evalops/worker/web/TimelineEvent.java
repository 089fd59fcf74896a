package com.evalops.worker.web;

import com.evalops.stores.ledger.DecisionEntry;
import com.evalops.stores.ledger.LedgerEntry;
import com.evalops.workflows.approval.ApprovalState;
import com.evalops.workflows.approval.Decision;
import com.evalops.workflows.approval.LabelingState;
import com.evalops.workflows.approval.Refusal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One line of a run's timeline: what happened, when, who did it, through which channel, and why
 * (their comment, or the refusal's reason).
 *
 * @param type {@code decision}, {@code vote}, {@code label}, {@code refusal}, {@code system}
 * @param details for a run of labels by one person: each ticket and its note
 */
public record TimelineEvent(
    Instant at,
    String type,
    String what,
    String who,
    String channel,
    String why,
    List<String> details) {

  public TimelineEvent {
    details = List.copyOf(details);
  }

  TimelineEvent(Instant at, String type, String what, String who, String channel, String why) {
    this(at, type, what, who, channel, why, List.of());
  }

  /** The time to the second, as people read it. */
  public String when() {
    return at == null ? "" : at.truncatedTo(ChronoUnit.SECONDS).toString().replace('T', ' ');
  }

  /** Every event the runbook's books and its Decision Log entries hold, oldest first. */
  static List<TimelineEvent> of(
      ApprovalState approvals,
      List<LabelingState> labeling,
      List<LedgerEntry<DecisionEntry>> decisions) {
    List<TimelineEvent> events = new ArrayList<>();
    if (approvals != null) {
      approvals.decisions().forEach(d -> events.add(of(d)));
      approvals.refusals().forEach(r -> events.add(of(r)));
    }
    for (LabelingState book : labeling) {
      book.decisions().forEach(d -> events.add(of(d)));
      book.refusals().forEach(r -> events.add(of(r)));
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
    return labelRuns(distinct(events));
  }

  /** A refusal is both in the book's refusals and its decisions: show it once. */
  private static List<TimelineEvent> distinct(List<TimelineEvent> events) {
    Set<String> seen = new HashSet<>();
    return events.stream()
        .filter(
            e -> !"refusal".equals(e.type()) || seen.add(e.when() + "|" + e.who() + "|" + e.why()))
        .toList();
  }

  /** Labels one person gave in a row become one line, the tickets listed under it. */
  private static List<TimelineEvent> labelRuns(List<TimelineEvent> events) {
    List<TimelineEvent> out = new ArrayList<>();
    int i = 0;
    while (i < events.size()) {
      TimelineEvent e = events.get(i);
      int j = i + 1;
      while (j < events.size()
          && "label".equals(e.type())
          && "label".equals(events.get(j).type())
          && e.who().equals(events.get(j).who())
          && e.channel().equals(events.get(j).channel())) {
        j++;
      }
      if (j - i == 1) {
        out.add(e);
      } else {
        List<String> details = new ArrayList<>();
        for (TimelineEvent label : events.subList(i, j)) {
          details.add(
              label.when()
                  + " "
                  + label.what()
                  + (label.why() == null || label.why().isEmpty() ? "" : ": " + label.why()));
        }
        out.add(
            new TimelineEvent(
                e.at(),
                "label",
                "labeled " + (j - i) + " tickets",
                e.who(),
                e.channel(),
                "until " + events.get(j - 1).when(),
                details));
      }
      i = j;
    }
    return out;
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
