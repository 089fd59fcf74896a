package com.evalops.workflows.config;

import com.evalops.harness.release.ConfigChange;
import java.util.List;

/**
 * An approved change to make current.
 *
 * @param releaseId the Change Log entry id; a retry with the same id finishes the first attempt
 * @param change the approved operations and the base they were approved (and evaluated) on
 * @param approvedDigest the digest the approvers voted on; a change with another digest is refused
 * @param evaluatedVersion the candidate version whose golden evaluation passed; null when the
 *     change's gate is IMMEDIATE. The content that becomes current must equal it
 * @param approvedBy who approved (or the rule that applies it, e.g. {@code
 *     rule:safe-mode-on-harm-possible}); never only the proposer
 * @param linkedRunId the candidate evaluation run, or the run that motivated the change
 */
public record ApplyReleaseRequest(
    String releaseId,
    ConfigChange change,
    String approvedDigest,
    String evaluatedVersion,
    String requestedBy,
    List<String> approvedBy,
    String reason,
    String linkedRunId) {
  public ApplyReleaseRequest {
    approvedBy = approvedBy == null ? List.of() : List.copyOf(approvedBy);
  }
}
