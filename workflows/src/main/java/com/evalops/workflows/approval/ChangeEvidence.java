package com.evalops.workflows.approval;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The config change an approval request puts to the vote, as its evidence holds it: what every
 * channel shows approvers (the workflow's own diff, the digest their vote binds to, the release
 * gate, the candidate's evaluation) and what a vote sent back must carry. Read from the evidence
 * the workflow wrote; nothing is recomputed or parsed out of the request's free text.
 *
 * @param digest SHA-256 of the change's canonical operations ({@link
 *     ApprovalRequest#CHANGE_DIGEST})
 * @param diffLines before → after of every key the change touches, computed by the workflow against
 *     the config in force, e.g. {@code templates.fee_schedule_v1: enabled -> disabled}
 * @param baseVersion the config version the diff is computed against
 * @param releaseGate {@code IMMEDIATE} or {@code EVALUATE}
 * @param candidateVerdict the golden evaluation verdict of the candidate config; empty until it ran
 * @param candidateRun that evaluation's run id; empty until it ran
 * @param acknowledge the verdict an approving vote must acknowledge explicitly ({@code REVIEW});
 *     empty when none is needed
 */
public record ChangeEvidence(
    String digest,
    List<String> diffLines,
    String baseVersion,
    String material,
    String releaseGate,
    String candidateVersion,
    String candidateVerdict,
    String candidateRun,
    String acknowledge) {

  /** Evidence key: the diff lines, joined by {@value #DIFF_SEPARATOR}. */
  public static final String DIFF = "diff";

  public static final String DIFF_SEPARATOR = "; ";
  public static final String BASE_VERSION = "config_version";
  public static final String MATERIAL = "material";
  public static final String RELEASE_GATE = "release_gate";
  public static final String CANDIDATE_VERSION = "candidate_version";
  public static final String CANDIDATE_VERDICT = "candidate_verdict";
  public static final String CANDIDATE_RUN = "candidate_run";

  /** How many hex digits of the digest people are shown; the full digest stays at hand. */
  public static final int SHORT_DIGEST = 12;

  public ChangeEvidence {
    Text.requireNonBlank(digest, "digest");
    diffLines = diffLines == null ? List.of() : List.copyOf(diffLines);
    baseVersion = Text.orEmpty(baseVersion);
    material = Text.orEmpty(material);
    releaseGate = Text.orEmpty(releaseGate);
    candidateVersion = Text.orEmpty(candidateVersion);
    candidateVerdict = Text.orEmpty(candidateVerdict);
    candidateRun = Text.orEmpty(candidateRun);
    acknowledge = Text.orEmpty(acknowledge);
  }

  /** The change a request's evidence describes; empty for a request that carries no digest. */
  public static Optional<ChangeEvidence> of(Map<String, String> evidence) {
    if (evidence == null) {
      return Optional.empty();
    }
    String digest = evidence.get(ApprovalRequest.CHANGE_DIGEST);
    if (digest == null || digest.isBlank()) {
      return Optional.empty();
    }
    String diff = evidence.getOrDefault(DIFF, "");
    List<String> lines =
        diff.isBlank()
            ? List.of()
            : Arrays.stream(diff.split(DIFF_SEPARATOR, -1))
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .toList();
    return Optional.of(
        new ChangeEvidence(
            digest.strip(),
            lines,
            evidence.get(BASE_VERSION),
            evidence.get(MATERIAL),
            evidence.get(RELEASE_GATE),
            evidence.get(CANDIDATE_VERSION),
            evidence.get(CANDIDATE_VERDICT),
            evidence.get(CANDIDATE_RUN),
            evidence.get(ApprovalRequest.ACKNOWLEDGE)));
  }

  /** The digest's first {@value #SHORT_DIGEST} hex digits, as people compare it at a glance. */
  public String shortDigest() {
    return digest.length() <= SHORT_DIGEST ? digest : digest.substring(0, SHORT_DIGEST);
  }

  /** Whether approving needs the voter to acknowledge {@link #acknowledge()} explicitly. */
  public boolean needsAcknowledgement() {
    return !acknowledge.isEmpty();
  }

  /** Whether the candidate config's golden evaluation has run. */
  public boolean candidateEvaluated() {
    return !candidateVerdict.isEmpty();
  }
}
