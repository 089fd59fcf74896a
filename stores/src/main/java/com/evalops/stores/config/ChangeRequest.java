package com.evalops.stores.config;

import java.util.List;
import java.util.Objects;

/**
 * Who asks for a config change, why, who approved it and what it answers. {@code changeId} is the
 * Change Log entry id: a retried apply with the same id finishes the first attempt instead of
 * making a second change. {@code changeDigest} is the approved change's digest, recorded with the
 * entry; null when the change has no typed operations.
 */
public record ChangeRequest(
    String changeId,
    String requestedBy,
    String reason,
    List<String> approvedBy,
    String linkedRunId,
    String linkedDecisionId,
    String changeDigest) {
  public ChangeRequest {
    Objects.requireNonNull(changeId, "changeId");
    Objects.requireNonNull(requestedBy, "requestedBy");
    approvedBy = approvedBy == null ? List.of() : List.copyOf(approvedBy);
    // The runbooks' rule, kept here too: the config store is the last line before production.
    if (approvedBy.stream().allMatch(requestedBy::equals)) {
      throw new IllegalArgumentException(
          "change " + changeId + " needs an approver other than its proposer " + requestedBy);
    }
  }

  public ChangeRequest(
      String changeId,
      String requestedBy,
      String reason,
      List<String> approvedBy,
      String linkedRunId,
      String linkedDecisionId) {
    this(changeId, requestedBy, reason, approvedBy, linkedRunId, linkedDecisionId, null);
  }
}
