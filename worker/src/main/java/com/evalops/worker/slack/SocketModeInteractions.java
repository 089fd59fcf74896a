package com.evalops.worker.slack;

import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Socket Mode side of the buttons: a message from Slack's WebSocket becomes the same click the
 * HTTP endpoint delivers. Every envelope is acknowledged at once (Slack redelivers an envelope it
 * gets no ack for within 3 seconds); the vote then goes the same way as over HTTP. No signature
 * here: the connection itself was opened with the app token, over TLS, to Slack.
 */
public class SocketModeInteractions {
  private static final Logger log = LoggerFactory.getLogger(SocketModeInteractions.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Predicate<SlackClick> submit;

  /**
   * @param submit queues a click for delivery, false when it cannot ({@link SlackVotes#submit})
   */
  public SocketModeInteractions(Predicate<SlackClick> submit) {
    this.submit = submit;
  }

  /**
   * Handles one WebSocket message; returns the acknowledgement to send back, empty for messages
   * that need none ({@code hello}, {@code disconnect}, which the SDK's client handles itself).
   */
  public Optional<String> onMessage(String message) {
    JsonNode envelope;
    try {
      envelope = JSON.readTree(message);
    } catch (JacksonException e) {
      log.warn("Slack Socket Mode: a message that is not JSON: {}", e.getOriginalMessage());
      return Optional.empty();
    }
    String envelopeId = envelope.path("envelope_id").asString("");
    if (envelopeId.isEmpty()) {
      return Optional.empty();
    }
    String ack = JSON.createObjectNode().put("envelope_id", envelopeId).toString();
    if (!"interactive".equals(envelope.path("type").asString(""))) {
      return Optional.of(ack);
    }
    try {
      SlackClick.fromPayload(envelope.path("payload").toString())
          .ifPresent(
              click -> {
                if (!submit.test(click)) {
                  log.warn("Slack Socket Mode: click of {} dropped", click.slackUserId());
                }
              });
    } catch (SlackClick.Malformed e) {
      log.warn("Slack Socket Mode: an interaction that is not ours to read: {}", e.getMessage());
    }
    return Optional.of(ack);
  }
}
