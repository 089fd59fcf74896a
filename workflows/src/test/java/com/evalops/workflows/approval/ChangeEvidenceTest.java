package com.evalops.workflows.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChangeEvidenceTest {
  private static final String DIGEST =
      "3f9a1c0b7d2e4f6a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a";

  @Test
  void givenTheEvidenceOfAConfigChange_whenRead_thenTheWorkflowsDiffLinesAndTheDigest() {
    ChangeEvidence change =
        ChangeEvidence.of(
                Map.of(
                    ApprovalRequest.CHANGE_DIGEST,
                    DIGEST,
                    "diff",
                    "templates.fee_v1: enabled -> disabled; intent_thresholds.billing: 0.7 -> 0.8",
                    "config_version",
                    "v7",
                    "release_gate",
                    "EVALUATE",
                    "candidate_verdict",
                    "REVIEW",
                    "candidate_run",
                    "regression-billing-candidate-1",
                    ApprovalRequest.ACKNOWLEDGE,
                    "REVIEW"))
            .orElseThrow();

    assertEquals(
        List.of("templates.fee_v1: enabled -> disabled", "intent_thresholds.billing: 0.7 -> 0.8"),
        change.diffLines());
    assertEquals("3f9a1c0b7d2e", change.shortDigest());
    assertEquals(DIGEST, change.digest());
    assertEquals("v7", change.baseVersion());
    assertTrue(change.candidateEvaluated());
    assertTrue(change.needsAcknowledgement());
    assertEquals("REVIEW", change.acknowledge());
  }

  @Test
  void givenAnImmediateChangeOrNoDigest_whenRead_thenNothingToAcknowledgeOrNoChange() {
    ChangeEvidence immediate =
        ChangeEvidence.of(Map.of(ApprovalRequest.CHANGE_DIGEST, DIGEST, "diff", "")).orElseThrow();
    assertEquals(List.of(), immediate.diffLines());
    assertFalse(immediate.candidateEvaluated());
    assertFalse(immediate.needsAcknowledgement());
    assertEquals(Optional.empty(), ChangeEvidence.of(Map.of("config_version", "v7")));
  }
}
