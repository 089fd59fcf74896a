package com.evalops.worker.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SlackClickTest {

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
            "1700000000.000100"),
        click);
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
