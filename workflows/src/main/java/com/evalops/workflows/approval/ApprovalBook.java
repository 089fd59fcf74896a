package com.evalops.workflows.approval;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The approval requests a workflow waits on, and the rules for voting on them. Pure and
 * deterministic: time comes in as {@code now} (the workflow passes {@code
 * Workflow.currentTimeMillis()}), requests keep their opening order, and every collection in the
 * state has a fixed order.
 *
 * <p>Rules, as the update validator applies them ({@link #validate}):
 *
 * <ul>
 *   <li>Only an actor holding one of the policy's approver roles may vote.
 *   <li>The proposer cannot approve their own change, but may reject it: that withdraws the
 *       request, and needs no approver role because withdrawing takes no more authority than
 *       proposing did.
 *   <li>One vote per person per request; a retry carrying the same idempotency key is accepted and
 *       changes nothing.
 *   <li>No vote once the request is decided or expired, nor at or after its deadline.
 *   <li>A config change binds its approval to the change's digest: a vote naming another digest is
 *       refused, and approving a change whose candidate evaluated REVIEW needs that verdict
 *       acknowledged in the vote (config-releases §2, §4).
 * </ul>
 *
 * <p>One reject by an eligible approver rejects the request at once: an approval is consent, and a
 * single informed objection to a material change should stop it rather than be outvoted. {@code
 * minApprovals} approvals approve it.
 */
public final class ApprovalBook {
  private final Map<String, RequestState> requests = new LinkedHashMap<>();
  private final List<Refusal> refusals = new ArrayList<>();
  private final Decisions decisions;

  public ApprovalBook() {
    this.decisions = new Decisions();
  }

  /** Restores a book from its state, e.g. after continue-as-new. */
  public ApprovalBook(ApprovalState state) {
    state.requests().forEach(r -> requests.put(r.request().requestId(), r));
    refusals.addAll(state.refusals());
    this.decisions = new Decisions(state.decisions());
  }

  public void open(ApprovalRequest request) {
    if (requests.containsKey(request.requestId())) {
      throw new IllegalStateException(
          "approval request " + request.requestId() + " is already open");
    }
    requests.put(request.requestId(), RequestState.opened(request));
    decisions.byActorId(
        request.requestedAt(),
        request.requestId(),
        Decision.Type.OPENED,
        request.proposedBy(),
        request.summary());
  }

  /**
   * Refuses a vote that must not count, with a reason fit to show the voter; changes nothing.
   *
   * @throws IllegalArgumentException for a malformed vote, an unknown request, or an actor who may
   *     not cast this vote
   * @throws IllegalStateException for a request no longer open to votes, or a second vote
   */
  public void validate(VoteRequest vote, Instant now) {
    if (vote == null || vote.actor() == null) {
      throw new IllegalArgumentException("a vote needs an actor");
    }
    RequestState state = require(vote.requestId());
    if (isReplay(state, vote)) {
      return;
    }
    ApprovalRequest request = state.request();
    if (state.outcome() != ApprovalOutcome.PENDING) {
      throw new IllegalStateException(
          "approval request "
              + request.requestId()
              + " is no longer pending: "
              + state.outcome()
              + " at "
              + state.closedAt());
    }
    if (!now.isBefore(request.deadline())) {
      throw new IllegalStateException(
          "the deadline for approval request "
              + request.requestId()
              + " passed at "
              + request.deadline());
    }
    Actor actor = vote.actor();
    boolean proposer = actor.id().equals(request.proposedBy());
    if (proposer && vote.approve()) {
      throw new IllegalArgumentException("the proposer cannot approve their own change");
    }
    Set<Role> approverRoles = request.policy().approverRoles();
    if (!proposer && !actor.hasAnyRole(approverRoles)) {
      throw new IllegalArgumentException(
          "actor "
              + actor.id()
              + " has roles "
              + actor.roles()
              + "; "
              + (vote.approve() ? "approving" : "rejecting")
              + " a "
              + Text.readable(request.kind())
              + " needs "
              + approverRoles.stream().map(Role::name).collect(Collectors.joining(" or ")));
    }
    String digest = request.evidence().get(ApprovalRequest.CHANGE_DIGEST);
    if (digest != null && !vote.changeDigest().isEmpty() && !digest.equals(vote.changeDigest())) {
      throw new IllegalArgumentException(
          "the vote is for change "
              + vote.changeDigest()
              + " but approval request "
              + request.requestId()
              + " is for change "
              + digest
              + ": what is approved is what is applied");
    }
    String acknowledge = request.evidence().get(ApprovalRequest.ACKNOWLEDGE);
    if (acknowledge != null && vote.approve() && !acknowledge.equals(vote.acknowledgedVerdict())) {
      throw new IllegalArgumentException(
          "approving "
              + request.requestId()
              + " needs an explicit acknowledgement of its candidate evaluation's "
              + acknowledge
              + " verdict (acknowledge "
              + acknowledge
              + ")");
    }
    for (Vote earlier : state.votes()) {
      if (earlier.actor().id().equals(actor.id())) {
        throw new IllegalStateException(
            "actor "
                + actor.id()
                + " already voted on approval request "
                + request.requestId()
                + " at "
                + earlier.at());
      }
    }
  }

  /**
   * Records a vote the validator accepted and decides the request when the vote settles it. A
   * retried vote (same idempotency key) returns the state unchanged.
   */
  public RequestState apply(VoteRequest vote, Instant now) {
    validate(vote, now);
    RequestState state = requests.get(vote.requestId());
    if (isReplay(state, vote)) {
      return state;
    }
    Actor actor = vote.actor();
    List<Vote> votes = new ArrayList<>(state.votes());
    votes.add(
        new Vote(
            vote.requestId(), actor, vote.approve(), vote.comment(), now, vote.idempotencyKey()));
    decisions.byActor(
        now,
        vote.requestId(),
        vote.approve() ? Decision.Type.APPROVE_VOTE : Decision.Type.REJECT_VOTE,
        actor,
        vote.comment());
    RequestState voted =
        new RequestState(
            state.request(),
            ApprovalOutcome.PENDING,
            votes,
            state.remindedThroughSlot(),
            state.escalated(),
            null);
    RequestState next = voted;
    if (!vote.approve()) {
      boolean withdrawn = actor.id().equals(state.request().proposedBy());
      next = close(voted, ApprovalOutcome.REJECTED, now);
      decisions.byActor(
          now,
          vote.requestId(),
          Decision.Type.REJECTED,
          actor,
          withdrawn ? "withdrawn by the proposer" : "rejected by " + actor.id());
    } else if (voted.approvals() >= state.request().policy().minApprovals()) {
      next = close(voted, ApprovalOutcome.APPROVED, now);
      decisions.byActor(
          now,
          vote.requestId(),
          Decision.Type.APPROVED,
          actor,
          voted.approvals() + " of " + state.request().policy().minApprovals() + " approvals");
    }
    requests.put(vote.requestId(), next);
    return next;
  }

  /**
   * Keeps a refused attempt for auditors. Validators cannot change state, so the workflow records
   * refusals through a separate message; votes and outcomes are untouched.
   */
  public Refusal refuse(VoteRequest vote, String reason, Instant now) {
    Actor actor = vote == null ? null : vote.actor();
    String requestId = vote == null ? "" : Text.orEmpty(vote.requestId());
    Refusal refusal = new Refusal(now, actor, requestId, reason);
    refusals.add(refusal);
    decisions.byActor(now, requestId, Decision.Type.REFUSED, actor, reason);
    return refusal;
  }

  /** Expires every pending request whose deadline has passed; no change is applied for them. */
  public List<String> expireIfDue(Instant now) {
    List<String> expired = new ArrayList<>();
    for (RequestState state : List.copyOf(requests.values())) {
      ApprovalRequest request = state.request();
      if (state.outcome() == ApprovalOutcome.PENDING && !now.isBefore(request.deadline())) {
        requests.put(request.requestId(), close(state, ApprovalOutcome.EXPIRED, now));
        decisions.bySystem(
            now,
            request.requestId(),
            Decision.Type.EXPIRED,
            "deadline "
                + request.deadline()
                + " passed with "
                + state.approvals()
                + " of "
                + request.policy().minApprovals()
                + " approvals; no change is applied");
        expired.add(request.requestId());
      }
    }
    return expired;
  }

  /**
   * Reminder slots passed and not yet handled, or 0 while an escalation is due (the escalation
   * covers them). After a worker outage several slots may be due; one reminder handles them all.
   */
  public int remindersDue(String requestId, Instant now) {
    RequestState state = require(requestId);
    if (state.outcome() != ApprovalOutcome.PENDING || escalationDue(requestId, now)) {
      return 0;
    }
    return Math.max(0, slotAt(state.request(), now) - state.remindedThroughSlot());
  }

  /** Whether the escalation slot has been reached and the request is still waiting. */
  public boolean escalationDue(String requestId, Instant now) {
    RequestState state = require(requestId);
    ApprovalPolicy policy = state.request().policy();
    return state.outcome() == ApprovalOutcome.PENDING
        && !state.escalated()
        && !policy.escalateTo().isEmpty()
        && slotAt(state.request(), now) >= escalationSlot(policy);
  }

  public void recordReminder(String requestId, Instant now) {
    RequestState state = require(requestId);
    if (remindersDue(requestId, now) == 0) {
      throw new IllegalStateException("no reminder is due for approval request " + requestId);
    }
    requests.put(requestId, scheduled(state, slotAt(state.request(), now), state.escalated()));
    decisions.bySystem(now, requestId, Decision.Type.REMINDED, "reminded " + waitingFor(state));
  }

  public void recordEscalation(String requestId, Instant now) {
    RequestState state = require(requestId);
    if (!escalationDue(requestId, now)) {
      throw new IllegalStateException("no escalation is due for approval request " + requestId);
    }
    requests.put(requestId, scheduled(state, slotAt(state.request(), now), true));
    decisions.bySystem(
        now,
        requestId,
        Decision.Type.ESCALATED,
        "escalated to " + state.request().policy().escalateTo());
  }

  /**
   * When the workflow should next wake for this request: {@code now} if a reminder or escalation is
   * due, else the next reminder slot, else the deadline. The workflow awaits until then or until
   * the request is decided.
   */
  public Instant nextWakeUp(String requestId, Instant now) {
    RequestState state = require(requestId);
    ApprovalRequest request = state.request();
    if (state.outcome() != ApprovalOutcome.PENDING
        || remindersDue(requestId, now) > 0
        || escalationDue(requestId, now)) {
      return now.isBefore(request.deadline()) ? now : request.deadline();
    }
    int nextSlot = Math.max(state.remindedThroughSlot(), slotAt(request, now)) + 1;
    if (nextSlot > lastSlot(request)) {
      return request.deadline();
    }
    return slotTime(request, nextSlot);
  }

  public ApprovalOutcome outcome(String requestId) {
    return require(requestId).outcome();
  }

  public boolean isPending(String requestId) {
    return outcome(requestId) == ApprovalOutcome.PENDING;
  }

  /** The request's policy: who approves, how many, reminders and escalation. */
  public ApprovalPolicy policy(String requestId) {
    return require(requestId).request().policy();
  }

  /** Votes counted on the request so far, approvals and rejections. */
  public int votesOn(String requestId) {
    return require(requestId).votes().size();
  }

  public ApprovalState state() {
    List<PendingApproval> pending = new ArrayList<>();
    for (RequestState state : requests.values()) {
      if (state.outcome() == ApprovalOutcome.PENDING) {
        ApprovalRequest request = state.request();
        pending.add(
            new PendingApproval(
                request.requestId(),
                request.kind(),
                request.summary(),
                request.proposedBy(),
                waitingFor(state),
                (int) Math.max(0, request.policy().minApprovals() - state.approvals()),
                request.deadline(),
                state.votes()));
      }
    }
    return new ApprovalState(
        pending, List.copyOf(requests.values()), refusals, decisions.entries());
  }

  private RequestState require(String requestId) {
    RequestState state = requestId == null ? null : requests.get(requestId);
    if (state == null) {
      throw new IllegalArgumentException("unknown approval request " + requestId);
    }
    return state;
  }

  private static boolean isReplay(RequestState state, VoteRequest vote) {
    if (vote.idempotencyKey().isEmpty()) {
      return false;
    }
    for (Vote earlier : state.votes()) {
      if (earlier.idempotencyKey().equals(vote.idempotencyKey())) {
        if (earlier.actor().id().equals(vote.actor().id()) && earlier.approve() == vote.approve()) {
          return true;
        }
        throw new IllegalArgumentException(
            "idempotency key " + vote.idempotencyKey() + " was already used for another vote");
      }
    }
    return false;
  }

  private static RequestState close(RequestState state, ApprovalOutcome outcome, Instant now) {
    return new RequestState(
        state.request(),
        outcome,
        state.votes(),
        state.remindedThroughSlot(),
        state.escalated(),
        now);
  }

  private static RequestState scheduled(RequestState state, int slot, boolean escalated) {
    return new RequestState(
        state.request(), state.outcome(), state.votes(), slot, escalated, state.closedAt());
  }

  private static Set<Role> waitingFor(RequestState state) {
    ApprovalPolicy policy = state.request().policy();
    if (!state.escalated()) {
      return policy.approverRoles();
    }
    List<Role> roles = new ArrayList<>(policy.approverRoles());
    roles.addAll(policy.escalateTo());
    return Roles.copyOf(roles);
  }

  /** Slot k falls at requestedAt + k × interval, for k ≥ 1 and strictly before the deadline. */
  private static int slotAt(ApprovalRequest request, Instant now) {
    long elapsed = Duration.between(request.requestedAt(), now).toMillis();
    if (elapsed <= 0) {
      return 0;
    }
    long slot = elapsed / request.policy().reminderInterval().toMillis();
    return (int) Math.min(slot, lastSlot(request));
  }

  private static int lastSlot(ApprovalRequest request) {
    long span = Duration.between(request.requestedAt(), request.deadline()).toMillis();
    return (int) ((span - 1) / request.policy().reminderInterval().toMillis());
  }

  private static Instant slotTime(ApprovalRequest request, int slot) {
    return request.requestedAt().plus(request.policy().reminderInterval().multipliedBy(slot));
  }

  private static int escalationSlot(ApprovalPolicy policy) {
    return policy.remindersBeforeEscalation() + 1;
  }
}
