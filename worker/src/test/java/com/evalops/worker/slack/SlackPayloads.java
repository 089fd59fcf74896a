package com.evalops.worker.slack;

import com.evalops.activities.notify.SlackMessages;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Interaction payloads shaped as Slack sends them, and encoded as Slack encodes them. */
final class SlackPayloads {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private SlackPayloads() {}

  /** A {@code block_actions} payload for one click on a button of the approval message. */
  static String click(
      String slackUserId,
      String actionId,
      String workflowId,
      String requestId,
      String responseUrl,
      String actionTs,
      String messageText) {
    return click(
        slackUserId,
        actionId,
        SlackMessages.buttonValue(workflowId, requestId),
        responseUrl,
        actionTs,
        messageText);
  }

  /** A {@code block_actions} payload for one click on a button carrying {@code value}. */
  static String click(
      String slackUserId,
      String actionId,
      String value,
      String responseUrl,
      String actionTs,
      String messageText) {
    Map<String, Object> action = new LinkedHashMap<>();
    action.put("type", "button");
    action.put("action_id", actionId);
    action.put("block_id", "evalops_vote");
    action.put("text", Map.of("type", "plain_text", "text", "Approve", "emoji", true));
    action.put("value", value);
    action.put("action_ts", actionTs);
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("type", "block_actions");
    payload.put("user", Map.of("id", slackUserId, "username", "someone", "team_id", "T0TEAM"));
    payload.put("api_app_id", "A0APP");
    payload.put("token", "deprecated-verification-token");
    payload.put("container", Map.of("type", "message", "message_ts", "1700000000.000001"));
    payload.put("trigger_id", "1.2.abc");
    payload.put("team", Map.of("id", "T0TEAM", "domain", "evalops"));
    payload.put("channel", Map.of("id", "C0APPROVALS", "name", "approvals"));
    payload.put("message", Map.of("type", "message", "text", messageText));
    payload.put("response_url", responseUrl);
    payload.put("actions", List.of(action));
    return JSON.writeValueAsString(payload);
  }

  /**
   * The form body {@code payload=<JSON>}, percent-encoded the way no Java encoder would write it:
   * {@code %20} for spaces, {@code %2A} for {@code *}, lower-case hex. A server that decoded the
   * form and encoded it again would sign different bytes than these.
   */
  static String form(String payload) {
    StringBuilder out = new StringBuilder("payload=");
    for (byte b : payload.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.') {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02x", c));
      }
    }
    return out.toString();
  }
}
