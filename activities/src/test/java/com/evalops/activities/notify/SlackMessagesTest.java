package com.evalops.activities.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.harness.sanitize.PiiSanitizer;
import com.evalops.workflows.approval.ApprovalOutcome;
import com.evalops.workflows.approval.ApprovalRequest;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.notify.ApprovalNotice;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.util.json.GsonFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The approval message of a config change: its diff, its digest, and buttons bound to both. */
class SlackMessagesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant OPENED = Instant.parse("2025-12-20T10:00:00Z");
  private static final String DIGEST =
      "3f9a1c0b7d2e4f6a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a";

  private final SlackMessages messages = new SlackMessages(new PiiSanitizer(), "", "default");

  @Test
  void givenAConfigChange_whenTheMessageIsBuilt_thenDiffDigestAndVerdictAreShownSanitized()
      throws Exception {
    Map<String, String> evidence = changeEvidence("PASS");
    evidence.put(
        "diff",
        "templates.fee_schedule_v1: enabled -> disabled; thresholds.billing: 0.70 -> 0.80;"
            + " notes.owner: (absent) -> jane.doe@example.com <!channel>");
    String blocks = json(messages.approval(notice(evidence, ApprovalOutcome.PENDING)));

    for (String shown :
        List.of(
            "`templates.fee_schedule_v1: enabled -&gt; disabled`",
            "`thresholds.billing: 0.70 -&gt; 0.80`",
            "*Digest:* `3f9a1c0b7d2e`",
            "*Release gate:* EVALUATE",
            "*Candidate verdict:* PASS (run `regression-billing-candidate-1`)",
            "config `v7`")) {
      assertTrue(blocks.contains(shown), () -> shown + " missing from " + blocks);
    }
    assertFalse(blocks.contains("jane.doe@example.com"), blocks);
    assertTrue(blocks.contains("[EMAIL]"), blocks);
    assertFalse(blocks.contains("<!channel>"), blocks);
    assertFalse(blocks.contains("change_digest"), "the digest is shown once, short: " + blocks);

    JsonNode buttons = voteButtons(blocks);
    assertEquals("evalops_approve", buttons.get(0).get("action_id").asText());
    assertEquals("Approve", buttons.get(0).get("text").get("text").asText());
    assertEquals(
        Map.of(
            "workflowId", "regression-billing", "requestId", "mitigation", "changeDigest", DIGEST),
        value(buttons.get(0)));
    assertEquals("evalops_reject", buttons.get(1).get("action_id").asText());
    assertEquals(value(buttons.get(0)), value(buttons.get(1)));
  }

  @Test
  void givenACandidateThatEvaluatedReview_whenTheMessageIsBuilt_thenOnlyAnAcknowledgingApprove()
      throws Exception {
    Map<String, String> evidence = changeEvidence("REVIEW");
    evidence.put(ApprovalRequest.ACKNOWLEDGE, "REVIEW");
    String blocks = json(messages.approval(notice(evidence, ApprovalOutcome.PENDING)));

    assertTrue(blocks.contains("*Candidate verdict:* REVIEW"), blocks);
    assertTrue(blocks.contains("Approving acknowledges the candidate's REVIEW verdict"), blocks);
    JsonNode buttons = voteButtons(blocks);
    assertEquals(2, buttons.size(), "no plain Approve button: " + buttons);
    assertEquals(
        SlackMessages.APPROVE_ACKNOWLEDGING_ACTION, buttons.get(0).get("action_id").asText());
    assertEquals("Approve, acknowledging REVIEW", buttons.get(0).get("text").get("text").asText());
    assertEquals(
        Map.of(
            "workflowId",
            "regression-billing",
            "requestId",
            "mitigation",
            "changeDigest",
            DIGEST,
            "acknowledgedVerdict",
            "REVIEW"),
        value(buttons.get(0)));
    assertEquals(SlackMessages.REJECT_ACTION, buttons.get(1).get("action_id").asText());
    assertEquals(
        Map.of(
            "workflowId", "regression-billing", "requestId", "mitigation", "changeDigest", DIGEST),
        value(buttons.get(1)),
        "rejecting acknowledges nothing");
  }

  @Test
  void givenARequestWithoutADigest_whenTheMessageIsBuilt_thenTheOldButtonContract()
      throws Exception {
    String blocks =
        json(
            messages.approval(
                notice(Map.of("material", "customer-facing copy"), ApprovalOutcome.PENDING)));
    assertFalse(blocks.contains("*Digest:*"), blocks);
    JsonNode buttons = voteButtons(blocks);
    assertEquals("evalops_approve", buttons.get(0).get("action_id").asText());
    String old = "{\"workflowId\":\"regression-billing\",\"requestId\":\"mitigation\"}";
    assertEquals(old, buttons.get(0).get("value").asText());
    assertEquals(old, buttons.get(1).get("value").asText());
    assertEquals(old, SlackMessages.buttonValue("regression-billing", "mitigation"));
  }

  private static Map<String, String> changeEvidence(String candidateVerdict) {
    Map<String, String> evidence = new TreeMap<>();
    evidence.put(ApprovalRequest.CHANGE_DIGEST, DIGEST);
    evidence.put("change", "disable_template(fee_schedule_v1)");
    evidence.put("diff", "templates.fee_schedule_v1: enabled -> disabled");
    evidence.put("config_version", "v7");
    evidence.put("material", "touches a template");
    evidence.put("release_gate", "EVALUATE");
    evidence.put("candidate_version", "v8-candidate");
    evidence.put("candidate_verdict", candidateVerdict);
    evidence.put("candidate_run", "regression-billing-candidate-1");
    return evidence;
  }

  private static ApprovalNotice notice(Map<String, String> details, ApprovalOutcome outcome) {
    return new ApprovalNotice(
        "regression-billing",
        "mitigation",
        "mitigation",
        "disable fee_schedule_v1",
        "oncall-ana",
        Set.of(Role.LEADERSHIP),
        2,
        Set.of(),
        OPENED,
        OPENED.plus(Duration.ofHours(24)),
        ApprovalNotice.Evidence.none(),
        details,
        List.of(),
        outcome,
        null);
  }

  /** The blocks as Slack receives them, read back so the text compares as written. */
  private static String json(Object blocks) throws Exception {
    return JSON.writeValueAsString(JSON.readTree(GsonFactory.createSnakeCase().toJson(blocks)));
  }

  private static JsonNode voteButtons(String blocks) throws Exception {
    for (JsonNode block : JSON.readTree(blocks)) {
      if (SlackMessages.VOTE_BLOCK.equals(block.path("block_id").asText())) {
        return block.get("elements");
      }
    }
    throw new AssertionError("no vote block in " + blocks);
  }

  private static Map<String, String> value(JsonNode button) throws Exception {
    return JSON.readValue(
        button.get("value").asText(),
        JSON.getTypeFactory().constructMapType(Map.class, String.class, String.class));
  }
}
