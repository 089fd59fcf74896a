package com.evalops.worker.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SocketModeInteractionsTest {
  final List<SlackClick> queued = new ArrayList<>();
  final SocketModeInteractions socket = new SocketModeInteractions(queued::add);

  @Test
  void givenInteractiveEnvelope_whenReceived_thenAcknowledgedAndTheClickQueued() {
    String payload =
        SlackPayloads.click(
            "U0LEAD1", SlackClick.APPROVE, "regression-x", "mitigation", "http://h/r", "1.5", "*");
    String envelope =
        "{\"envelope_id\":\"e-1\",\"type\":\"interactive\",\"accepts_response_payload\":false,"
            + "\"payload\":"
            + payload
            + "}";
    assertEquals(Optional.of("{\"envelope_id\":\"e-1\"}"), socket.onMessage(envelope));
    assertEquals(1, queued.size());
    assertEquals("U0LEAD1", queued.get(0).slackUserId());
    assertEquals("mitigation", queued.get(0).requestId());
  }

  @Test
  void givenOtherEnvelopesAndControlMessages_whenReceived_thenAckedOrIgnoredWithoutAVote() {
    assertEquals(
        Optional.of("{\"envelope_id\":\"e-2\"}"),
        socket.onMessage("{\"envelope_id\":\"e-2\",\"type\":\"events_api\",\"payload\":{}}"));
    assertEquals(Optional.empty(), socket.onMessage("{\"type\":\"hello\",\"num_connections\":1}"));
    assertEquals(Optional.empty(), socket.onMessage("not json"));
    assertEquals(
        Optional.of("{\"envelope_id\":\"e-3\"}"),
        socket.onMessage(
            "{\"envelope_id\":\"e-3\",\"type\":\"interactive\",\"payload\":{\"type\":\"block_actions\","
                + "\"actions\":[{\"action_id\":\"evalops_approve\"}]}}"));
    assertTrue(queued.isEmpty());
  }

  @Test
  void givenSocketModeWithoutAnAppToken_whenStarting_thenAClearError() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> new SlackSocketMode("", socket));
    assertTrue(e.getMessage().contains("EVALOPS_SLACK_APP_TOKEN"), e.getMessage());
    e = assertThrows(IllegalStateException.class, () -> new SlackSocketMode("xoxb-1", socket));
    assertTrue(e.getMessage().contains("xapp-"), e.getMessage());
  }
}
