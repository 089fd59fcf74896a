package com.evalops.workflows.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ApprovalBookTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  private static final ApprovalPolicy TWO_LEADERS =
      ApprovalPolicy.leadership(2, Duration.ofHours(24), Duration.ofHours(4), 2);
  private static final ApprovalPolicy ONCALL =
      ApprovalPolicy.oncall(Duration.ofHours(8), Duration.ofHours(2), 1);

  private static final Actor PROPOSER = new Actor("oncall-ana", Set.of(Role.ONCALL), "cli");
  private static final Actor LEADER_1 = new Actor("lead-bo", Set.of(Role.LEADERSHIP), "slack");
  private static final Actor LEADER_2 = new Actor("lead-cy", Set.of(Role.LEADERSHIP), "slack");
  private static final Actor LEADER_3 = new Actor("lead-di", Set.of(Role.LEADERSHIP), "api");
  private static final Actor LABELER = new Actor("lab-ed", Set.of(Role.LABELER), "web");
  private static final Actor ONCALL_2 = new Actor("oncall-fu", Set.of(Role.ONCALL), "api");

  private static ApprovalRequest mitigation() {
    return ApprovalRequest.of(
        "mit-1",
        "mitigation",
        "disable template refund_v3",
        PROPOSER.id(),
        T0,
        TWO_LEADERS,
        Map.of("verdict", "STOP", "artifact", "eval_runs/2026-03-02/run-7"));
  }

  private static ApprovalBook bookWithMitigation() {
    ApprovalBook book = new ApprovalBook();
    book.open(mitigation());
    return book;
  }

  private static VoteRequest approve(Actor actor) {
    return new VoteRequest("mit-1", actor, true, "ok", "");
  }

  private static VoteRequest reject(Actor actor) {
    return new VoteRequest("mit-1", actor, false, "too risky", "");
  }

  private static Instant at(int minutes) {
    return T0.plus(Duration.ofMinutes(minutes));
  }

  private static <E extends RuntimeException> String refusal(
      ApprovalBook book, Class<E> type, VoteRequest vote, Instant now) {
    ApprovalState before = book.state();
    String reason = assertThrows(type, () -> book.validate(vote, now)).getMessage();
    assertEquals(before, book.state(), "a refusing validator changes no state");
    return reason;
  }

  @Test
  void givenTwoOfThreeLeaders_whenBothApprove_thenApprovedOnlyAfterSecond() {
    ApprovalBook book = bookWithMitigation();

    book.validate(approve(LEADER_1), at(10));
    RequestState afterFirst = book.apply(approve(LEADER_1), at(10));
    assertEquals(ApprovalOutcome.PENDING, afterFirst.outcome());
    assertEquals(1, book.state().pending().get(0).approvalsStillNeeded());

    RequestState afterSecond = book.apply(approve(LEADER_3), at(20));

    assertEquals(ApprovalOutcome.APPROVED, afterSecond.outcome());
    assertEquals(at(20), afterSecond.closedAt());
    assertTrue(book.state().pending().isEmpty());
    assertEquals(
        List.of(
            Decision.Type.OPENED,
            Decision.Type.APPROVE_VOTE,
            Decision.Type.APPROVE_VOTE,
            Decision.Type.APPROVED),
        book.state().decisions().stream().map(Decision::type).toList());
  }

  @Test
  void givenOneApproval_whenAnotherLeaderRejects_thenRejectedAtOnce() {
    ApprovalBook book = bookWithMitigation();
    book.apply(approve(LEADER_1), at(10));

    RequestState state = book.apply(reject(LEADER_2), at(15));

    assertEquals(ApprovalOutcome.REJECTED, state.outcome());
    Decision last = book.state().decisions().get(book.state().decisions().size() - 1);
    assertEquals(Decision.Type.REJECTED, last.type());
    assertEquals("lead-cy", last.actorId());
    assertEquals("slack", last.channel());
  }

  @Test
  void givenProposer_whenApproving_thenRefusedWithReason() {
    Actor proposerWhoLeads =
        new Actor(PROPOSER.id(), Set.of(Role.ONCALL, Role.LEADERSHIP), "slack");

    String reason =
        refusal(
            bookWithMitigation(), IllegalArgumentException.class, approve(proposerWhoLeads), at(5));

    assertEquals("the proposer cannot approve their own change", reason);
  }

  @Test
  void givenProposerWithoutApproverRole_whenRejecting_thenRequestWithdrawn() {
    ApprovalBook book = bookWithMitigation();

    RequestState state = book.apply(reject(PROPOSER), at(5));

    assertEquals(ApprovalOutcome.REJECTED, state.outcome());
    assertEquals(
        "withdrawn by the proposer",
        book.state().decisions().get(book.state().decisions().size() - 1).comment());
  }

  @Test
  void givenLabeler_whenApprovingMitigation_thenRefusedNamingRoles() {
    String reason =
        refusal(bookWithMitigation(), IllegalArgumentException.class, approve(LABELER), at(5));

    assertEquals(
        "actor lab-ed has roles [LABELER]; approving a mitigation needs LEADERSHIP", reason);
  }

  @Test
  void givenOncallEngineer_whenRejectingSafeModeExit_thenRefusedNamingKind() {
    ApprovalBook book = new ApprovalBook();
    book.open(
        ApprovalRequest.of(
            "exit-1", "safe_mode_exit", "leave safe mode", "oncall-ana", T0, TWO_LEADERS, null));

    String reason =
        refusal(
            book,
            IllegalArgumentException.class,
            new VoteRequest("exit-1", ONCALL_2, false, "", ""),
            at(5));

    assertEquals(
        "actor oncall-fu has roles [ONCALL]; rejecting a safe mode exit needs LEADERSHIP", reason);
  }

  @Test
  void givenLeaderWhoVoted_whenVotingAgain_thenRefusedAsDuplicate() {
    ApprovalBook book = bookWithMitigation();
    book.apply(approve(LEADER_1), at(10));

    String reason = refusal(book, IllegalStateException.class, approve(LEADER_1), at(11));

    assertEquals("actor lead-bo already voted on approval request mit-1 at " + at(10), reason);
    assertThrows(IllegalStateException.class, () -> book.apply(reject(LEADER_1), at(12)));
    assertEquals(1, book.state().requests().get(0).votes().size());
  }

  @Test
  void givenRetriedVoteWithSameIdempotencyKey_whenApplied_thenRecordedOnce() {
    ApprovalBook book = bookWithMitigation();
    VoteRequest vote = new VoteRequest("mit-1", LEADER_1, true, "ok", "slack-action-42");
    book.apply(vote, at(10));
    ApprovalState before = book.state();

    book.validate(vote, at(11));
    book.apply(vote, at(11));

    assertEquals(before, book.state());
    VoteRequest reused = new VoteRequest("mit-1", LEADER_2, true, "ok", "slack-action-42");
    assertThrows(IllegalArgumentException.class, () -> book.validate(reused, at(12)));
  }

  @Test
  void givenApprovedRequest_whenVoting_thenRefusedAsNoLongerPending() {
    ApprovalBook book = bookWithMitigation();
    book.apply(approve(LEADER_1), at(10));
    book.apply(approve(LEADER_2), at(20));

    String reason = refusal(book, IllegalStateException.class, reject(LEADER_3), at(30));

    assertEquals("approval request mit-1 is no longer pending: APPROVED at " + at(20), reason);
  }

  @Test
  void givenUnknownRequest_whenVoting_thenRefused() {
    VoteRequest vote = new VoteRequest("mit-9", LEADER_1, true, "", "");

    String reason = refusal(bookWithMitigation(), IllegalArgumentException.class, vote, at(5));

    assertEquals("unknown approval request mit-9", reason);
  }

  @Test
  void givenVoteWithoutActor_whenValidated_thenRefused() {
    VoteRequest vote = new VoteRequest("mit-1", null, true, "", "");

    assertThrows(IllegalArgumentException.class, () -> bookWithMitigation().validate(vote, at(5)));
  }

  @Test
  void givenDeadlinePassed_whenVotingBeforeExpiry_thenRefused() {
    Instant deadline = T0.plus(Duration.ofHours(24));

    String reason =
        refusal(bookWithMitigation(), IllegalStateException.class, approve(LEADER_1), deadline);

    assertEquals("the deadline for approval request mit-1 passed at " + deadline, reason);
  }

  @Test
  void givenOneApproval_whenDeadlinePasses_thenExpiredWithNoChange() {
    ApprovalBook book = bookWithMitigation();
    book.apply(approve(LEADER_1), at(10));

    assertEquals(List.of(), book.expireIfDue(at(24 * 60 - 1)));
    List<String> expired = book.expireIfDue(at(24 * 60));

    assertEquals(List.of("mit-1"), expired);
    assertEquals(ApprovalOutcome.EXPIRED, book.outcome("mit-1"));
    Decision last = book.state().decisions().get(book.state().decisions().size() - 1);
    assertEquals(Decision.Type.EXPIRED, last.type());
    assertEquals(Decisions.SYSTEM, last.actorId());
    assertTrue(last.comment().endsWith("with 1 of 2 approvals; no change is applied"));
    assertEquals(List.of(), book.expireIfDue(at(25 * 60)), "expiry happens once");
    assertThrows(IllegalStateException.class, () -> book.validate(approve(LEADER_2), at(25 * 60)));
  }

  @Test
  void givenLeadershipPolicy_whenTimePasses_thenRemindTwiceEscalateThenExpire() {
    // Deadline 24h, reminders every 4h, two reminders before escalating: reminders at 4h and 8h,
    // escalation at 12h, further reminders at 16h and 20h, expiry at 24h.
    ApprovalBook book = bookWithMitigation();
    Instant now = T0;

    assertEquals(at(4 * 60), book.nextWakeUp("mit-1", now));
    assertEquals(0, book.remindersDue("mit-1", at(4 * 60 - 1)));

    now = at(4 * 60);
    assertEquals(1, book.remindersDue("mit-1", now));
    assertEquals(now, book.nextWakeUp("mit-1", now), "a due reminder means wake at once");
    book.recordReminder("mit-1", now);
    assertEquals(0, book.remindersDue("mit-1", now));
    assertEquals(at(8 * 60), book.nextWakeUp("mit-1", now));

    now = at(8 * 60);
    book.recordReminder("mit-1", now);
    assertFalse(book.escalationDue("mit-1", now));
    assertEquals(at(12 * 60), book.nextWakeUp("mit-1", now));

    now = at(12 * 60);
    assertTrue(book.escalationDue("mit-1", now));
    assertEquals(0, book.remindersDue("mit-1", now), "the escalation replaces this reminder");
    assertThrows(IllegalStateException.class, () -> book.recordReminder("mit-1", at(12 * 60)));
    book.recordEscalation("mit-1", now);
    assertFalse(book.escalationDue("mit-1", now));
    assertEquals(Set.of(Role.ONCALL, Role.LEADERSHIP), book.state().pending().get(0).waitingFor());
    assertEquals(at(16 * 60), book.nextWakeUp("mit-1", now));

    now = at(20 * 60 + 30);
    assertEquals(2, book.remindersDue("mit-1", now), "slots at 16h and 20h both passed");
    book.recordReminder("mit-1", now);
    assertEquals(at(24 * 60), book.nextWakeUp("mit-1", now), "no reminder slot at the deadline");

    now = at(24 * 60);
    assertEquals(0, book.remindersDue("mit-1", now));
    assertEquals(List.of("mit-1"), book.expireIfDue(now));
    assertEquals(
        List.of(
            Decision.Type.OPENED,
            Decision.Type.REMINDED,
            Decision.Type.REMINDED,
            Decision.Type.ESCALATED,
            Decision.Type.REMINDED,
            Decision.Type.EXPIRED),
        book.state().decisions().stream().map(Decision::type).toList());
  }

  @Test
  void givenWorkerDownPastEscalation_whenItWakes_thenOneEscalationCoversMissedReminders() {
    ApprovalBook book = bookWithMitigation();
    Instant late = at(13 * 60);

    assertTrue(book.escalationDue("mit-1", late));
    book.recordEscalation("mit-1", late);

    assertEquals(0, book.remindersDue("mit-1", late));
    assertEquals(at(16 * 60), book.nextWakeUp("mit-1", late));
  }

  @Test
  void givenPolicyWithoutEscalation_whenSlotsPass_thenOnlyReminders() {
    ApprovalPolicy noEscalation =
        new ApprovalPolicy(
            Set.of(Role.ONCALL), 1, Duration.ofHours(3), Duration.ofHours(1), 0, Set.of());
    ApprovalBook book = new ApprovalBook();
    book.open(
        ApprovalRequest.of("cfg-1", "config_change", "", "oncall-ana", T0, noEscalation, null));

    assertFalse(book.escalationDue("cfg-1", at(60)));
    assertEquals(1, book.remindersDue("cfg-1", at(60)));
    assertThrows(IllegalStateException.class, () -> book.recordEscalation("cfg-1", at(60)));
  }

  @Test
  void givenDecidedRequest_whenAskedForSchedule_thenNothingDue() {
    ApprovalBook book = bookWithMitigation();
    book.apply(reject(LEADER_1), at(10));

    assertEquals(0, book.remindersDue("mit-1", at(5 * 60)));
    assertFalse(book.escalationDue("mit-1", at(13 * 60)));
  }

  @Test
  void givenOncallPolicy_whenAnotherOncallApproves_thenApprovedWithOneVote() {
    ApprovalBook book = new ApprovalBook();
    book.open(
        ApprovalRequest.of(
            "cfg-2", "config_change", "threshold 0.62", PROPOSER.id(), T0, ONCALL, null));

    assertThrows(
        IllegalArgumentException.class,
        () -> book.validate(new VoteRequest("cfg-2", PROPOSER, true, "", ""), at(1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> book.validate(new VoteRequest("cfg-2", LEADER_1, true, "", ""), at(1)));
    RequestState state = book.apply(new VoteRequest("cfg-2", ONCALL_2, true, "", ""), at(2));

    assertEquals(ApprovalOutcome.APPROVED, state.outcome());
    assertEquals(T0.plus(Duration.ofHours(8)), state.request().deadline());
    assertEquals(Set.of(Role.LEADERSHIP), state.request().policy().escalateTo());
  }

  @Test
  void givenRefusedVote_whenRecorded_thenVotesAndOutcomeUnchanged() {
    ApprovalBook book = bookWithMitigation();
    book.apply(approve(LEADER_1), at(10));
    List<RequestState> requestsBefore = book.state().requests();

    Refusal refusal =
        book.refuse(approve(LABELER), "actor lab-ed has roles [LABELER]; ...", at(11));

    ApprovalState after = book.state();
    assertEquals(requestsBefore, after.requests());
    assertEquals(List.of(refusal), after.refusals());
    assertEquals("lab-ed", refusal.actor().id());
    Decision last = after.decisions().get(after.decisions().size() - 1);
    assertEquals(Decision.Type.REFUSED, last.type());
    assertEquals("web", last.channel());
  }

  @Test
  void givenPendingRequest_whenStateQueried_thenShowsWhatWhomUntilWhen() {
    ApprovalBook book = bookWithMitigation();
    book.apply(approve(LEADER_1), at(10));

    PendingApproval pending = book.state().pending().get(0);

    assertEquals("mit-1", pending.requestId());
    assertEquals("mitigation", pending.kind());
    assertEquals(Set.of(Role.LEADERSHIP), pending.waitingFor());
    assertEquals(T0.plus(Duration.ofHours(24)), pending.until());
    assertEquals(1, pending.approvalsStillNeeded());
    assertEquals(List.of("lead-bo"), pending.votes().stream().map(v -> v.actor().id()).toList());
  }

  @Test
  void givenSameRequestId_whenOpenedTwice_thenRefused() {
    ApprovalBook book = bookWithMitigation();

    assertThrows(IllegalStateException.class, () -> book.open(mitigation()));
  }

  @Test
  void givenInvalidPolicy_whenBuilt_thenRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ApprovalPolicy.leadership(0, Duration.ofHours(1), Duration.ofMinutes(10), 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> ApprovalPolicy.oncall(Duration.ZERO, Duration.ofMinutes(10), 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> ApprovalPolicy.oncall(Duration.ofHours(1), Duration.ofMinutes(10), -1));
  }

  @Test
  void givenSameSequence_whenReplayed_thenEqualStateInStableOrder() {
    Consumer<ApprovalBook> sequence =
        book -> {
          for (String id : List.of("z-last-opened-first", "a-opened-second", "m-third")) {
            book.open(
                ApprovalRequest.of(
                    id,
                    "mitigation",
                    id,
                    PROPOSER.id(),
                    T0,
                    TWO_LEADERS,
                    Map.of("z", "1", "a", "2", "m", "3")));
          }
          book.apply(new VoteRequest("m-third", LEADER_2, true, "", ""), at(1));
          book.refuse(approve(LABELER), "no role", at(2));
          book.apply(new VoteRequest("a-opened-second", LEADER_1, false, "", ""), at(3));
          book.recordReminder("z-last-opened-first", at(5 * 60));
          book.expireIfDue(at(25 * 60));
        };
    ApprovalBook first = new ApprovalBook();
    ApprovalBook second = new ApprovalBook();
    sequence.accept(first);
    sequence.accept(second);

    assertEquals(first.state(), second.state());
    assertEquals(first.state().toString(), second.state().toString());
    assertEquals(
        List.of("z-last-opened-first", "a-opened-second", "m-third"),
        first.state().requests().stream().map(r -> r.request().requestId()).toList());
    assertEquals(
        List.of("a", "m", "z"),
        List.copyOf(first.state().requests().get(0).request().evidence().keySet()));
  }

  @Test
  void givenState_whenRestored_thenBookContinuesWhereItStopped() {
    ApprovalBook book = bookWithMitigation();
    book.apply(approve(LEADER_1), at(10));
    book.refuse(approve(LABELER), "no role", at(11));

    ApprovalBook restored = new ApprovalBook(book.state());
    assertEquals(book.state(), restored.state());
    assertThrows(IllegalStateException.class, () -> restored.validate(approve(LEADER_1), at(12)));
    assertEquals(ApprovalOutcome.APPROVED, restored.apply(approve(LEADER_2), at(13)).outcome());
  }
}
