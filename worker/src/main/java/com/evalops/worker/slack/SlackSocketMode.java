package com.evalops.worker.slack;

import com.slack.api.Slack;
import com.slack.api.socket_mode.SocketModeClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Socket Mode ({@code evalops.slack.mode=socket}): the engine opens a WebSocket to Slack with the
 * app token instead of exposing {@code /slack/interactions}, for deployments without a public URL.
 * The SDK's client reconnects on its own; this class only hands each message to {@link
 * SocketModeInteractions} and sends back its acknowledgement.
 */
public class SlackSocketMode implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(SlackSocketMode.class);

  private final Slack slack;
  private final String appToken;
  private final SocketModeInteractions interactions;
  private SocketModeClient client;

  public SlackSocketMode(String appToken, SocketModeInteractions interactions) {
    this(Slack.getInstance(), appToken, interactions);
  }

  /** With {@code slack} pointing elsewhere than slack.com, for tests. */
  SlackSocketMode(Slack slack, String appToken, SocketModeInteractions interactions) {
    if (!appToken.startsWith("xapp-")) {
      throw new IllegalStateException(
          "evalops.slack.mode is socket but evalops.slack.app-token (EVALOPS_SLACK_APP_TOKEN) is "
              + (appToken.isEmpty() ? "not set" : "not an app-level token (xapp-…)")
              + ": create one with the connections:write scope under the Slack app's Basic"
              + " Information, or set evalops.slack.mode=http");
    }
    this.slack = slack;
    this.appToken = appToken;
    this.interactions = interactions;
  }

  @Override
  public synchronized void start() {
    try {
      client = slack.socketMode(appToken, SocketModeClient.Backend.JavaWebSocket);
      client.addWebSocketMessageListener(
          message -> interactions.onMessage(message).ifPresent(client::sendWebSocketMessage));
      client.connect();
      log.info("Slack: Socket Mode connected; button clicks arrive over the WebSocket");
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Slack Socket Mode: cannot connect with evalops.slack.app-token", e);
    }
  }

  @Override
  public synchronized void stop() {
    if (client != null) {
      try {
        client.close();
      } catch (IOException e) {
        log.warn("Slack Socket Mode: closing the connection failed: {}", e.toString());
      }
      client = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return client != null;
  }
}
