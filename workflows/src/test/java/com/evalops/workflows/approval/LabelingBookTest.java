package com.evalops.workflows.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class LabelingBookTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  private static final Instant DEADLINE = T0.plus(Duration.ofHours(6));
  private static final List<String> TICKETS = List.of("t-05", "t-01", "t-09", "t-03", "t-07");

  private static final Actor LABELER_1 = new Actor("lab-ed", Set.of(Role.LABELER), "web");
  private static final Actor LABELER_2 = new Actor("lab-gi", Set.of(Role.LABELER), "api");
  private static final Actor ONCALL = new Actor("oncall-ana", Set.of(Role.ONCALL), "cli");
  private static final Actor LEADER = new Actor("lead-bo", Set.of(Role.LEADERSHIP), "slack");

  private static LabelingBook book(LabelingQuorum quorum) {
    return new LabelingBook(new LabelingSample("qa-2026-03-02", TICKETS, T0, DEADLINE, quorum));
  }

  private static LabelingBook book() {
    return book(new LabelingQuorum(80, 0));
  }

  private static SubmitLabelRequest ok(String ticket, Actor actor) {
    return new SubmitLabelRequest(ticket, actor, true, true, false, null, null, null, null, null);
  }

  private static SubmitLabelRequest unsafe(String ticket, Actor actor) {
    return new SubmitLabelRequest(
        ticket, actor, false, true, true, "refund_request", "billing", 0, "", "promised refund");
  }

  private static Instant at(int minutes) {
    return T0.plus(Duration.ofMinutes(minutes));
  }

  private static <E extends RuntimeException> String refusal(
      LabelingBook book, Class<E> type, SubmitLabelRequest label, Instant now) {
    LabelingState before = book.state();
    String reason = assertThrows(type, () -> book.validate(label, now)).getMessage();
    assertEquals(before, book.state(), "a refusing validator changes no state");
    return reason;
  }

  @Test
  void givenTicketOutsideSample_whenLabeled_thenRefused() {
    String reason = refusal(book(), IllegalArgumentException.class, ok("t-99", LABELER_1), at(5));

    assertEquals("ticket t-99 is not in labeling sample qa-2026-03-02", reason);
  }

  @Test
  void givenLeaderWithoutLabelingRole_whenLabeling_thenRefusedNamingRoles() {
    String reason = refusal(book(), IllegalArgumentException.class, ok("t-01", LEADER), at(5));

    assertEquals("actor lead-bo has roles [LEADERSHIP]; labeling needs LABELER or ONCALL", reason);
  }

  @Test
  void givenOncallEngineer_whenLabeling_thenAccepted() {
    LabelingBook book = book();

    book.validate(ok("t-01", ONCALL), at(5));
    assertEquals(1, book.apply(ok("t-01", ONCALL), at(5)).labeledTickets());
  }

  @Test
  void givenLabelerWhoLabeled_whenLabelingSameTicketAgain_thenRefusedAsDuplicate() {
    LabelingBook book = book();
    book.apply(ok("t-01", LABELER_1), at(5));

    String reason = refusal(book, IllegalStateException.class, unsafe("t-01", LABELER_1), at(6));

    assertEquals("actor lab-ed already labeled ticket t-01 at " + at(5), reason);
  }

  @Test
  void givenLabeledTicket_whenAnotherPersonLabels_thenKeptAsSecondOpinionNotCountedTwice() {
    LabelingBook book = book();
    book.apply(ok("t-01", LABELER_1), at(5));

    LabelingProgress progress = book.apply(unsafe("t-01", LABELER_2), at(6));

    assertEquals(1, progress.labeledTickets());
    assertEquals(2, progress.labels());
    assertEquals(List.of("t-01"), progress.disagreements());
    assertTrue(book.state().labels().get(1).secondOpinion());
    assertEquals(
        Decision.Type.SECOND_OPINION,
        book.state().decisions().get(book.state().decisions().size() - 1).type());
  }

  @Test
  void givenPercentQuorum_whenFourOfFiveLabeled_thenQuorumButNotComplete() {
    LabelingBook book = book();
    List.of("t-05", "t-01", "t-09").forEach(t -> book.apply(ok(t, LABELER_1), at(5)));
    assertFalse(book.quorumReached(), "3 of 5 is 60%");

    book.apply(ok("t-03", LABELER_2), at(6));

    assertTrue(book.quorumReached());
    assertFalse(book.complete());
    book.apply(ok("t-07", LABELER_2), at(7));
    assertTrue(book.complete());
  }

  @Test
  void givenCountQuorum_whenTwoLabeled_thenQuorum() {
    LabelingBook book = book(new LabelingQuorum(80, 2));
    book.apply(ok("t-05", LABELER_1), at(5));
    assertFalse(book.quorumReached());

    book.apply(ok("t-01", LABELER_1), at(6));

    assertTrue(book.quorumReached());
  }

  @Test
  void givenInvalidQuorumOrSample_whenBuilt_thenRejected() {
    assertThrows(IllegalArgumentException.class, () -> new LabelingQuorum(0, 0));
    assertThrows(IllegalArgumentException.class, () -> new LabelingQuorum(101, 0));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new LabelingSample(
                "s", List.of("t-1", "t-1"), T0, DEADLINE, new LabelingQuorum(80, 0)));
    assertThrows(
        IllegalArgumentException.class,
        () -> new LabelingSample("s", List.of("t-1"), T0, T0, new LabelingQuorum(80, 0)));
  }

  @Test
  void givenDeadlinePassed_whenLabeling_thenRefused() {
    String reason = refusal(book(), IllegalStateException.class, ok("t-01", LABELER_1), DEADLINE);

    assertEquals("the labeling deadline for sample qa-2026-03-02 passed at " + DEADLINE, reason);
  }

  @Test
  void givenClosedLabeling_whenLabeling_thenRefusedAndCloseRecorded() {
    LabelingBook book = book();
    List.of("t-05", "t-01", "t-09", "t-03").forEach(t -> book.apply(ok(t, LABELER_1), at(5)));

    LabelingProgress atClose = book.close(at(60));

    assertTrue(atClose.quorumReached());
    String reason = refusal(book, IllegalStateException.class, ok("t-07", LABELER_2), at(61));
    assertEquals("labeling sample qa-2026-03-02 closed at " + at(60), reason);
    assertEquals(Set.of(), book.state().waitingFor());
    assertEquals(
        "4 of 5 tickets labeled; quorum reached",
        book.state().decisions().get(book.state().decisions().size() - 1).comment());
    assertThrows(IllegalStateException.class, () -> book.close(at(62)));
  }

  @Test
  void givenSafetyFlagsFromAnyLabeler_whenCollected_thenTicketsInSampleOrderOnce() {
    LabelingBook book = book();
    book.apply(unsafe("t-07", LABELER_1), at(5));
    book.apply(ok("t-09", LABELER_1), at(6));
    book.apply(unsafe("t-09", LABELER_2), at(7));
    book.apply(unsafe("t-07", LABELER_2), at(8));
    book.apply(ok("t-05", LABELER_1), at(9));

    assertEquals(List.of("t-09", "t-07"), book.safetyViolations());
    assertEquals(List.of("t-09"), book.progress().disagreements());
    assertTrue(book.state().decisions().get(1).comment().startsWith("safety violation flagged"));
  }

  @Test
  void givenRefusedLabel_whenRecorded_thenLabelsUnchangedAndRefusalLogged() {
    LabelingBook book = book();
    book.apply(ok("t-01", LABELER_1), at(5));
    LabelingProgress before = book.progress();

    Refusal refusal = book.refuse(ok("t-01", LEADER), "labeling needs LABELER or ONCALL", at(6));

    assertEquals(before, book.progress());
    assertEquals(1, book.state().labels().size());
    assertEquals(List.of(refusal), book.state().refusals());
    Decision last = book.state().decisions().get(book.state().decisions().size() - 1);
    assertEquals(Decision.Type.REFUSED, last.type());
    assertEquals("lead-bo", last.actorId());
    assertEquals("slack", last.channel());
  }

  @Test
  void givenSameSequence_whenReplayed_thenEqualStateAndRestorable() {
    Consumer<LabelingBook> sequence =
        book -> {
          book.apply(unsafe("t-07", LABELER_2), at(1));
          book.apply(ok("t-05", LABELER_1), at(2));
          book.refuse(ok("t-99", LABELER_1), "not in sample", at(3));
          book.apply(ok("t-07", LABELER_1), at(4));
          book.close(at(5));
        };
    LabelingBook first = book();
    LabelingBook second = book();
    sequence.accept(first);
    sequence.accept(second);

    assertEquals(first.state(), second.state());
    assertEquals(first.state().toString(), second.state().toString());
    assertEquals(first.state(), new LabelingBook(first.state()).state());
  }
}
