package com.evalops.workflows.notify;

import com.evalops.workflows.approval.ApprovalOutcome;
import com.evalops.workflows.approval.ApprovalState;
import com.evalops.workflows.approval.RequestState;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.approval.Vote;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One approval request as a notifier shows it: what is proposed and by whom, who may approve and
 * how many must, until when, the evidence, the votes so far and the outcome. A notifier keeps one
 * message per run ({@link Notification#runId()}) + {@code requestId} and brings it up to date with
 * each notice.
 *
 * @param workflowId where votes go: for an incident the per-scope workflow id, which finds the open
 *     incident
 * @param requestKind {@code mitigation}, {@code config_change}, {@code safe_mode_exit}, {@code
 *     calibration}
 * @param details the request's own evidence map (references and numbers, never ticket text)
 * @param closedAt when the outcome was reached; null while pending
 */
public record ApprovalNotice(
    String workflowId,
    String requestId,
    String requestKind,
    String summary,
    String proposedBy,
    Set<Role> approverRoles,
    int minApprovals,
    Set<Role> escalateTo,
    Instant requestedAt,
    Instant deadline,
    Evidence evidence,
    Map<String, String> details,
    List<Vote> votes,
    ApprovalOutcome outcome,
    Instant closedAt) {

  public ApprovalNotice {
    approverRoles = inOrder(approverRoles);
    escalateTo = inOrder(escalateTo);
    // Sorted, like the request's own evidence: payloads read the same in every history.
    details = Collections.unmodifiableMap(new TreeMap<>(details == null ? Map.of() : details));
    votes = votes == null ? List.of() : List.copyOf(votes);
  }

  /**
   * The evaluation behind a request, as far as the workflow knows it; any field may be null.
   *
   * @param macroF1Delta against the baseline run {@code baselineRunId}
   * @param artifactLocation the run's artifacts (a local path or an {@code s3://} URI)
   */
  public record Evidence(
      String verdict,
      Double accuracy,
      Double macroF1,
      Double macroF1Delta,
      String baselineRunId,
      Long tier0FalseNegatives,
      Long tier2Violations,
      String artifactLocation) {

    public static Evidence none() {
      return new Evidence(null, null, null, null, null, null, null, null);
    }
  }

  private static Set<Role> inOrder(Set<Role> roles) {
    EnumSet<Role> copy = EnumSet.noneOf(Role.class);
    if (roles != null) {
      copy.addAll(roles);
    }
    return Collections.unmodifiableSet(copy);
  }

  /** The request {@code requestId} of a book's state, as it stands. */
  public static ApprovalNotice of(
      String workflowId, ApprovalState book, String requestId, Evidence evidence) {
    RequestState state =
        book.requests().stream()
            .filter(r -> r.request().requestId().equals(requestId))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("unknown request " + requestId));
    return new ApprovalNotice(
        workflowId,
        requestId,
        state.request().kind(),
        state.request().summary(),
        state.request().proposedBy(),
        state.request().policy().approverRoles(),
        state.request().policy().minApprovals(),
        state.escalated() ? state.request().policy().escalateTo() : Set.of(),
        state.request().requestedAt(),
        state.request().deadline(),
        evidence == null ? Evidence.none() : evidence,
        state.request().evidence(),
        state.votes(),
        state.outcome(),
        state.closedAt());
  }
}
