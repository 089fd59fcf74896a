package com.evalops.workflows.incident;

import static com.evalops.workflows.incident.IncidentContext.now;

import com.evalops.workflows.approval.ApprovalBook;
import com.evalops.workflows.approval.ApprovalOutcome;
import com.evalops.workflows.approval.ApprovalRequest;
import com.evalops.workflows.approval.ApprovalState;
import com.evalops.workflows.approval.ApprovalWait;
import com.evalops.workflows.approval.PendingApproval;
import com.evalops.workflows.approval.RequestState;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.approval.Vote;
import com.evalops.workflows.approval.VoteRequest;
import com.evalops.workflows.incident.IncidentJournal.Entry;
import com.evalops.workflows.notify.ApprovalNotice;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The incident's approval requests (a mitigation, safe-mode exits): the book that counts the votes,
 * the wait for them, and the notices to the approvers, each showing the request as it stands with
 * the diagnosis's golden evidence.
 */
final class IncidentApprovals {
  private final IncidentContext incident;
  private final IncidentJournal journal;
  private final EvaluationStage evaluation;
  private final ApprovalBook book = new ApprovalBook();

  IncidentApprovals(IncidentContext incident, EvaluationStage evaluation) {
    this.incident = incident;
    this.journal = incident.journal();
    this.evaluation = evaluation;
  }

  ApprovalBook book() {
    return book;
  }

  ApprovalState state() {
    return book.state();
  }

  void open(ApprovalRequest opened) {
    book.open(opened);
  }

  /** Tells the approvers of {@code opened}, already in the book, that it waits for them. */
  void requested(ApprovalRequest opened, String title, String text) {
    journal.notify(
        "approval_requested",
        Role.audience(opened.policy().approverRoles()),
        title,
        text,
        notice(opened.requestId()));
  }

  /** The wait loop of the approval package: reminders, one escalation, expiry as "no change". */
  ApprovalOutcome await(String requestId) {
    ApprovalWait.await(
        book,
        requestId,
        pending(requestId).votes().size(),
        () -> {
          PendingApproval pending = pending(requestId);
          journal.waitFor("votes on " + requestId, pending.waitingFor(), pending.until());
          showVotes(pending);
        },
        (notice, id, roles) -> {
          PendingApproval pending = pending(id);
          String incidentId = incident.id();
          switch (notice) {
            case VOTE_COUNTED ->
                journal.notify(
                    notice.kind(),
                    Role.audience(pending.waitingFor()),
                    "vote counted on " + id + " for incident " + incidentId,
                    pending.approvalsStillNeeded()
                        + " approval(s) still needed until "
                        + pending.until(),
                    notice(id));
            case REMINDER ->
                journal.notify(
                    notice.kind(),
                    Role.audience(pending.waitingFor()),
                    id + " for incident " + incidentId + " waits for your vote",
                    pending.approvalsStillNeeded() + " approval(s) needed until " + pending.until(),
                    notice(id));
            case ESCALATION ->
                journal.notify(
                    notice.kind(),
                    Role.audience(roles),
                    id + " for incident " + incidentId + " is still waiting",
                    pending.approvalsStillNeeded() + " approval(s) needed until " + pending.until(),
                    notice(id));
          }
        });
    ApprovalOutcome outcome = book.outcome(requestId);
    journal.record(
        Entry.of(requestId + " " + outcome.name().toLowerCase(Locale.ROOT))
            .notify(
                "decision",
                "oncall",
                requestId + " for incident " + incident.id() + ": " + outcome,
                outcome == ApprovalOutcome.APPROVED ? "applying" : "no change is applied",
                notice(requestId)));
    return outcome;
  }

  /** What an update answers for a request opened without a config change. */
  static ProposalReceipt receipt(ApprovalRequest opened, List<String> materialReasons) {
    return new ProposalReceipt(
        opened.requestId(),
        !materialReasons.isEmpty(),
        materialReasons,
        opened.policy().approverRoles(),
        opened.policy().minApprovals(),
        opened.deadline());
  }

  void validate(VoteRequest vote) {
    book.validate(vote, now());
  }

  RequestState vote(VoteRequest vote) {
    RequestState state = book.apply(vote, now());
    book.state().pending().stream()
        .filter(p -> p.requestId().equals(vote.requestId()))
        .findFirst()
        .ifPresent(this::showVotes);
    return state;
  }

  void refuse(VoteRequest vote, String reason, Instant now) {
    book.refuse(vote, reason, now);
  }

  boolean isPending(String requestId) {
    return book.isPending(requestId);
  }

  boolean isOpen(String requestId) {
    return request(requestId).isPresent();
  }

  Instant deadline(String requestId) {
    return request(requestId).orElseThrow().request().deadline();
  }

  /** Who proposed {@code requestId}; empty before its approval is opened. */
  Optional<String> proposer(String requestId) {
    return request(requestId).map(r -> r.request().proposedBy());
  }

  List<String> approvers(String requestId) {
    return request(requestId).stream()
        .flatMap(r -> r.votes().stream())
        .filter(Vote::approve)
        .map(v -> v.actor().id())
        .toList();
  }

  private Optional<RequestState> request(String requestId) {
    return book.state().requests().stream()
        .filter(r -> r.request().requestId().equals(requestId))
        .findFirst();
  }

  private PendingApproval pending(String requestId) {
    return book.state().pending().stream()
        .filter(p -> p.requestId().equals(requestId))
        .findFirst()
        .orElseThrow();
  }

  /** The request as a notice shows it; votes go to the workflow id, which finds the incident. */
  private ApprovalNotice notice(String requestId) {
    return ApprovalNotice.of(
        Workflow.getInfo().getWorkflowId(), book.state(), requestId, evaluation.goldenEvidence());
  }

  private void showVotes(PendingApproval pending) {
    journal.show(
        "waiting for "
            + Role.audience(pending.waitingFor())
            + " votes on "
            + pending.requestId()
            + ": "
            + pending.approvalsStillNeeded()
            + " more approval(s) needed, until "
            + pending.until());
  }
}
