package com.evalops.worker.slack;

import com.evalops.activities.notify.SlackMessages;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An Approve or Reject button clicked in Slack: who clicked, on which workflow's request, and where
 * the ephemeral answer goes. The buttons' contract, shared with the messages the engine posts
 * ({@link SlackMessages}): {@code action_id} {@value #APPROVE}, {@value #APPROVE_ACKNOWLEDGING} or
 * {@value #REJECT}, {@code value} the compact JSON {@code {"workflowId":"…","requestId":"…"}}; a
 * config change's buttons add {@code "changeDigest":"…"}, and the acknowledging approve button
 * {@code "acknowledgedVerdict":"REVIEW"}, which it must carry.
 *
 * @param actionTs Slack's timestamp of this click: one per click, so a second click is a second
 *     vote and the same click delivered twice is one
 * @param changeDigest the digest of the change the message showed; empty for a request without one
 * @param acknowledgedVerdict the verdict the clicked button acknowledges; empty for the others
 */
public record SlackClick(
    String slackUserId,
    String workflowId,
    String requestId,
    boolean approve,
    String responseUrl,
    String actionTs,
    String changeDigest,
    String acknowledgedVerdict) {
  /** The posting side's button ids: one definition of the contract for both sides. */
  public static final String APPROVE = SlackMessages.APPROVE_ACTION;

  public static final String APPROVE_ACKNOWLEDGING = SlackMessages.APPROVE_ACKNOWLEDGING_ACTION;

  public static final String REJECT = SlackMessages.REJECT_ACTION;

  public SlackClick {
    changeDigest = changeDigest == null ? "" : changeDigest;
    acknowledgedVerdict = acknowledgedVerdict == null ? "" : acknowledgedVerdict;
  }

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A payload Slack signed but that is not one of our buttons as the contract says. */
  public static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message);
    }
  }

  /**
   * The click in an HTTP interaction body ({@code application/x-www-form-urlencoded}, the JSON in
   * its {@code payload} field); empty for interactions that are not our buttons (another button, a
   * modal, a shortcut).
   */
  public static Optional<SlackClick> fromForm(byte[] body) {
    String form = new String(body, StandardCharsets.UTF_8);
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      if (name.equals("payload")) {
        return fromPayload(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    throw new Malformed("the body has no payload field");
  }

  /** The click in an interaction payload (the JSON Slack sends over HTTP or Socket Mode). */
  public static Optional<SlackClick> fromPayload(String payload) {
    JsonNode root;
    try {
      root = JSON.readTree(payload);
    } catch (JacksonException e) {
      throw new Malformed("the payload is not JSON: " + e.getOriginalMessage());
    }
    if (!"block_actions".equals(root.path("type").asString(""))) {
      return Optional.empty();
    }
    for (JsonNode action : root.path("actions")) {
      String actionId = action.path("action_id").asString("");
      if (actionId.equals(APPROVE)
          || actionId.equals(APPROVE_ACKNOWLEDGING)
          || actionId.equals(REJECT)) {
        return Optional.of(click(root, action, actionId));
      }
    }
    return Optional.empty();
  }

  private static SlackClick click(JsonNode root, JsonNode action, String actionId) {
    String userId = required(root.path("user").path("id"), "user.id");
    String responseUrl = required(root.path("response_url"), "response_url");
    JsonNode value;
    try {
      value = JSON.readTree(required(action.path("value"), "actions[].value"));
    } catch (JacksonException e) {
      throw new Malformed("the button's value is not JSON: " + e.getOriginalMessage());
    }
    boolean acknowledging = actionId.equals(APPROVE_ACKNOWLEDGING);
    return new SlackClick(
        userId,
        required(value.path(SlackMessages.VALUE_WORKFLOW_ID), "value.workflowId"),
        required(value.path(SlackMessages.VALUE_REQUEST_ID), "value.requestId"),
        !actionId.equals(REJECT),
        responseUrl,
        action.path("action_ts").asString(""),
        value.path(SlackMessages.VALUE_CHANGE_DIGEST).asString(""),
        // Only the button that says so acknowledges a verdict; it must name the verdict.
        acknowledging
            ? required(
                value.path(SlackMessages.VALUE_ACKNOWLEDGED_VERDICT), "value.acknowledgedVerdict")
            : "");
  }

  private static String required(JsonNode node, String field) {
    String text = node.isString() ? node.asString() : "";
    if (text.isBlank()) {
      throw new Malformed("the payload has no " + field);
    }
    return text;
  }
}
