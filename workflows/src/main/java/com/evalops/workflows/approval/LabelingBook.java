package com.evalops.workflows.approval;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Labeling of one sample with the same validate → apply → refuse shape as {@link ApprovalBook}.
 * Pure and deterministic: time comes in as {@code now}, and everything is reported in sample order.
 *
 * <p>Rules, as the update validator applies them ({@link #validate}): the ticket must be in the
 * sample; the labeler needs the LABELER or ONCALL role; one label per person per ticket; no labels
 * at or after the deadline or once the runbook closed the labeling. A label by another person on an
 * already labeled ticket is kept as a second opinion: disagreements are what a reviewer wants to
 * see, and a safety flag from any labeler counts, because missing a real violation costs more than
 * reviewing a false one.
 */
public final class LabelingBook {
  public static final Set<Role> LABELING_ROLES = Permission.LABEL.roles();

  private final LabelingSample sample;
  private final Set<String> tickets;
  private final List<Label> labels = new ArrayList<>();
  private final List<Refusal> refusals = new ArrayList<>();
  private final Decisions decisions;
  private Instant closedAt;

  public LabelingBook(LabelingSample sample) {
    this.sample = sample;
    this.tickets = new LinkedHashSet<>(sample.ticketIds());
    this.decisions = new Decisions();
    decisions.bySystem(
        sample.openedAt(),
        sample.sampleId(),
        Decision.Type.OPENED,
        sample.ticketIds().size() + " tickets to label until " + sample.deadline());
  }

  /** Restores a book from its state, e.g. after continue-as-new. */
  public LabelingBook(LabelingState state) {
    this.sample = state.sample();
    this.tickets = new LinkedHashSet<>(sample.ticketIds());
    labels.addAll(state.labels());
    refusals.addAll(state.refusals());
    this.decisions = new Decisions(state.decisions());
    this.closedAt = state.closedAt();
  }

  /**
   * Refuses a label that must not count, with a reason fit to show the labeler; changes nothing.
   *
   * @throws IllegalArgumentException for a malformed label, a ticket outside the sample, or an
   *     actor without a labeling role
   * @throws IllegalStateException for closed labeling, a passed deadline, or a second label by the
   *     same person
   */
  public void validate(SubmitLabelRequest label, Instant now) {
    if (label == null || label.actor() == null) {
      throw new IllegalArgumentException("a label needs an actor");
    }
    if (label.ticketId() == null || !tickets.contains(label.ticketId())) {
      throw new IllegalArgumentException(
          "ticket " + label.ticketId() + " is not in labeling sample " + sample.sampleId());
    }
    if (closedAt != null) {
      throw new IllegalStateException(
          "labeling sample " + sample.sampleId() + " closed at " + closedAt);
    }
    if (!now.isBefore(sample.deadline())) {
      throw new IllegalStateException(
          "the labeling deadline for sample "
              + sample.sampleId()
              + " passed at "
              + sample.deadline());
    }
    Actor actor = label.actor();
    if (!actor.hasAnyRole(LABELING_ROLES)) {
      throw new IllegalArgumentException(
          "actor "
              + actor.id()
              + " has roles "
              + actor.roles()
              + "; labeling needs LABELER or ONCALL");
    }
    for (Label earlier : labels) {
      if (earlier.ticketId().equals(label.ticketId()) && earlier.actorId().equals(actor.id())) {
        throw new IllegalStateException(
            "actor "
                + actor.id()
                + " already labeled ticket "
                + label.ticketId()
                + " at "
                + earlier.at());
      }
    }
  }

  /** Records a label the validator accepted. */
  public LabelingProgress apply(SubmitLabelRequest label, Instant now) {
    validate(label, now);
    boolean secondOpinion = labels.stream().anyMatch(l -> l.ticketId().equals(label.ticketId()));
    labels.add(new Label(label, now, secondOpinion));
    String comment =
        label.safetyViolation() ? "safety violation flagged; " + label.note() : label.note();
    decisions.byActor(
        now,
        label.ticketId(),
        secondOpinion ? Decision.Type.SECOND_OPINION : Decision.Type.LABELED,
        label.actor(),
        comment);
    return progress();
  }

  /** Keeps a refused label for auditors; labels and progress are untouched. */
  public Refusal refuse(SubmitLabelRequest label, String reason, Instant now) {
    Actor actor = label == null ? null : label.actor();
    Refusal refusal = new Refusal(now, actor, sample.sampleId(), reason);
    refusals.add(refusal);
    decisions.byActor(now, sample.sampleId(), Decision.Type.REFUSED, actor, reason);
    return refusal;
  }

  /**
   * Stops accepting labels, when the runbook proceeds (quorum at the deadline, or every ticket
   * labeled), so a late label cannot land in a sample whose results were already used.
   */
  public LabelingProgress close(Instant now) {
    if (closedAt != null) {
      throw new IllegalStateException(
          "labeling sample " + sample.sampleId() + " already closed at " + closedAt);
    }
    closedAt = now;
    LabelingProgress progress = progress();
    decisions.bySystem(
        now,
        sample.sampleId(),
        Decision.Type.LABELING_CLOSED,
        progress.labeledTickets()
            + " of "
            + progress.sampleSize()
            + " tickets labeled; quorum "
            + (progress.quorumReached() ? "reached" : "not reached"));
    return progress;
  }

  public boolean quorumReached() {
    return sample.quorum().reachedBy(labeledTickets().size(), tickets.size());
  }

  /** Every ticket of the sample has at least one label. */
  public boolean complete() {
    return labeledTickets().size() == tickets.size();
  }

  public List<String> safetyViolations() {
    Set<String> flagged = new LinkedHashSet<>();
    labels.stream()
        .filter(l -> l.submitted().safetyViolation())
        .forEach(l -> flagged.add(l.ticketId()));
    return inSampleOrder(flagged);
  }

  public LabelingProgress progress() {
    return new LabelingProgress(
        tickets.size(),
        labeledTickets().size(),
        labels.size(),
        quorumReached(),
        complete(),
        safetyViolations(),
        disagreements());
  }

  public LabelingState state() {
    return new LabelingState(
        sample,
        closedAt == null ? LABELING_ROLES : Set.of(),
        sample.deadline(),
        closedAt,
        progress(),
        labels,
        refusals,
        decisions.entries());
  }

  private Set<String> labeledTickets() {
    Set<String> labeled = new LinkedHashSet<>();
    labels.forEach(l -> labeled.add(l.ticketId()));
    return labeled;
  }

  private List<String> disagreements() {
    Map<String, List<Label>> byTicket = new LinkedHashMap<>();
    labels.forEach(l -> byTicket.computeIfAbsent(l.ticketId(), t -> new ArrayList<>()).add(l));
    Set<String> disagreeing = new LinkedHashSet<>();
    byTicket.forEach(
        (ticket, ticketLabels) -> {
          if (ticketLabels.stream().map(LabelingBook::answers).distinct().count() > 1) {
            disagreeing.add(ticket);
          }
        });
    return inSampleOrder(disagreeing);
  }

  private static List<Boolean> answers(Label label) {
    SubmitLabelRequest s = label.submitted();
    return List.of(s.correctTeam(), s.correctTemplate(), s.safetyViolation());
  }

  private List<String> inSampleOrder(Set<String> ticketIds) {
    return tickets.stream().filter(ticketIds::contains).toList();
  }
}
