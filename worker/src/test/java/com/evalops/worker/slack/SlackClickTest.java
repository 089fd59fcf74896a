package com.evalops.worker.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.activities.notify.SlackMessages;
import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.approval.VoteRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SlackClickTest {
  private static final String DIGEST =
      "3f9a1c0b7d2e4f6a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a";

  @Test
  void givenApproveClickWithCharactersEncodingChanges_whenParsed_thenTheClick() {
    String payload =
        SlackPayloads.click(
            "U0LEAD1",
            SlackClick.APPROVE,
            "regression-billing",
            "mitigation",
            "https://hooks.slack.com/actions/T1/1/x",
            "1700000000.000100",
            "Approve *fee_schedule_v1* + 5% — café ✓");
    SlackClick click =
        SlackClick.fromForm(SlackPayloads.form(payload).getBytes(StandardCharsets.UTF_8))
            .orElseThrow();
    assertEquals(
        new SlackClick(
            "U0LEAD1",
            "regression-billing",
            "mitigation",
            true,
            "https://hooks.slack.com/actions/T1/1/x",
            "1700000000.000100",
            "",
            ""),
        click);
  }

  @Test
  void givenTheAcknowledgingApproveClick_whenVoted_thenTheVoteCarriesTheDigestAndReview() {
    String value =
        SlackMessages.buttonValue("regression-billing", "mitigation-r2", DIGEST, "REVIEW");
    String payload =
        SlackPayloads.click(
            "U0LEAD1",
            SlackClick.APPROVE_ACKNOWLEDGING,
            value,
            "https://hooks.slack.com/actions/T1/1/x",
            "1700000000.000200",
            "Approval needed: mitigation");
    SlackClick click =
        SlackClick.fromForm(SlackPayloads.form(payload).getBytes(StandardCharsets.UTF_8))
            .orElseThrow();
    Actor lead = new Actor("lead-1", Set.of(Role.LEADERSHIP), SlackVotes.CHANNEL);

    VoteRequest vote = SlackVotes.voteRequest(click, lead);

    assertEquals("mitigation-r2", vote.requestId());
    assertTrue(vote.approve());
    assertEquals(DIGEST, vote.changeDigest());
    assertEquals("REVIEW", vote.acknowledgedVerdict());
    assertEquals(lead, vote.actor());
    assertEquals("slack:U0LEAD1:1700000000.000200", vote.idempotencyKey());
  }

  @Test
  void givenADigestOnRejectOrPlainApprove_whenVoted_thenBoundToItAndAcknowledgingNothing() {
    String value = SlackMessages.buttonValue("regression-billing", "mitigation", DIGEST, "");
    Actor lead = new Actor("lead-1", Set.of(Role.LEADERSHIP), SlackVotes.CHANNEL);
    for (String actionId : List.of(SlackClick.APPROVE, SlackClick.REJECT)) {
      SlackClick click =
          SlackClick.fromPayload(
                  SlackPayloads.click("U0LEAD1", actionId, value, "http://h/r", "1.3", ""))
              .orElseThrow();
      VoteRequest vote = SlackVotes.voteRequest(click, lead);
      assertEquals(actionId.equals(SlackClick.APPROVE), vote.approve());
      assertEquals(DIGEST, vote.changeDigest());
      assertEquals("", vote.acknowledgedVerdict());
    }
    // Only the acknowledging button acknowledges, even when a value says otherwise.
    String forged = SlackMessages.buttonValue("regression-billing", "mitigation", DIGEST, "REVIEW");
    SlackClick plain =
        SlackClick.fromPayload(
                SlackPayloads.click("U0LEAD1", SlackClick.APPROVE, forged, "http://h/r", "1.4", ""))
            .orElseThrow();
    assertEquals("", SlackVotes.voteRequest(plain, lead).acknowledgedVerdict());
  }

  @Test
  void givenAnOldButtonWithoutDigest_whenVoted_thenTheVoteNamesNoDigest() {
    SlackClick click =
        SlackClick.fromPayload(
                SlackPayloads.click(
                    "U1", SlackClick.APPROVE, "regression-x", "r1", "http://h/r", "1.2", ""))
            .orElseThrow();
    VoteRequest vote =
        SlackVotes.voteRequest(click, new Actor("lead-1", Set.of(Role.LEADERSHIP), "slack"));
    assertEquals("", vote.changeDigest());
    assertEquals("", vote.acknowledgedVerdict());
  }

  @Test
  void givenTheAcknowledgingButtonWithoutTheVerdict_whenParsed_thenMalformed() {
    String value = SlackMessages.buttonValue("regression-billing", "mitigation", DIGEST, "");
    SlackClick.Malformed e =
        assertThrows(
            SlackClick.Malformed.class,
            () ->
                SlackClick.fromPayload(
                    SlackPayloads.click(
                        "U1", SlackClick.APPROVE_ACKNOWLEDGING, value, "http://h/r", "1.2", "")));
    assertTrue(e.getMessage().contains("acknowledgedVerdict"), e.getMessage());
  }

  @Test
  void givenRejectClick_whenParsed_thenNotApproving() {
    String payload =
        SlackPayloads.click("U1", SlackClick.REJECT, "regression-x", "r1", "http://h/r", "1.2", "");
    assertEquals(false, SlackClick.fromPayload(payload).orElseThrow().approve());
  }

  @Test
  void givenOtherInteractions_whenParsed_thenIgnored() {
    assertEquals(Optional.empty(), SlackClick.fromPayload("{\"type\":\"view_submission\"}"));
    String link =
        SlackPayloads.click("U1", "open_console", "regression-x", "r1", "http://h/r", "1.2", "");
    assertEquals(Optional.empty(), SlackClick.fromPayload(link));
  }

  @Test
  void givenOurButtonWithoutItsContract_whenParsed_thenMalformed() {
    String noValue =
        "{\"type\":\"block_actions\",\"user\":{\"id\":\"U1\"},\"response_url\":\"http://h\","
            + "\"actions\":[{\"action_id\":\"evalops_approve\",\"value\":\"{}\"}]}";
    SlackClick.Malformed e =
        assertThrows(SlackClick.Malformed.class, () -> SlackClick.fromPayload(noValue));
    assertTrue(e.getMessage().contains("workflowId"), e.getMessage());
    assertThrows(
        SlackClick.Malformed.class,
        () -> SlackClick.fromForm("token=x".getBytes(StandardCharsets.UTF_8)));
    assertThrows(SlackClick.Malformed.class, () -> SlackClick.fromPayload("not json"));
  }
}
