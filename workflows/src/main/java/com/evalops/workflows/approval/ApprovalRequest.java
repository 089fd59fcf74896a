package com.evalops.workflows.approval;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A change waiting for people. {@code kind} is one of {@code mitigation}, {@code config_change},
 * {@code safe_mode_exit}, {@code calibration}; {@code proposedBy} is the proposer's actor id.
 * Evidence holds references and numbers (verdict, metric deltas, artifact location), never ticket
 * text: it ends up in workflow history.
 */
public record ApprovalRequest(
    String requestId,
    String kind,
    String summary,
    String proposedBy,
    Instant requestedAt,
    Instant deadline,
    ApprovalPolicy policy,
    Map<String, String> evidence) {

  public ApprovalRequest {
    Text.requireNonBlank(requestId, "requestId");
    Text.requireNonBlank(kind, "kind");
    Text.requireNonBlank(proposedBy, "proposedBy");
    summary = Text.orEmpty(summary);
    if (requestedAt == null || deadline == null || policy == null) {
      throw new IllegalArgumentException("requestedAt, deadline and policy are required");
    }
    if (!deadline.isAfter(requestedAt)) {
      throw new IllegalArgumentException(
          "deadline " + deadline + " must be after requestedAt " + requestedAt);
    }
    // Sorted so the evidence reads the same in every query and history event.
    evidence = Collections.unmodifiableMap(new TreeMap<>(evidence == null ? Map.of() : evidence));
  }

  /** Evidence key: the SHA-256 of the config change put to the vote; approvals bind to it. */
  public static final String CHANGE_DIGEST = "change_digest";

  /** Evidence key: the verdict an approving vote must acknowledge explicitly (REVIEW). */
  public static final String ACKNOWLEDGE = "acknowledge_verdict";

  /** A request whose deadline is the policy's, counted from {@code requestedAt}. */
  public static ApprovalRequest of(
      String requestId,
      String kind,
      String summary,
      String proposedBy,
      Instant requestedAt,
      ApprovalPolicy policy,
      Map<String, String> evidence) {
    return new ApprovalRequest(
        requestId,
        kind,
        summary,
        proposedBy,
        requestedAt,
        requestedAt.plus(policy.deadline()),
        policy,
        evidence);
  }
}
