package com.evalops.worker.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.evalops.workflows.testing.Await;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Socket Mode over a real WebSocket: the SDK's client, on the Java-WebSocket backend, against a
 * local server speaking Slack's protocol ({@code apps.connections.open}, then {@code hello} and an
 * interactive envelope on the socket). The engine acknowledges the envelope and queues the click.
 */
class SlackSocketModeTest {
  final BlockingQueue<String> acks = new LinkedBlockingQueue<>();
  final List<SlackClick> queued = new CopyOnWriteArrayList<>();
  final CountDownLatch clicked = new CountDownLatch(1);
  HttpServer methods;
  WebSocketServer socket;
  SlackSocketMode mode;

  @AfterEach
  void stop() throws Exception {
    if (mode != null) {
      mode.stop();
    }
    if (socket != null) {
      socket.stop(1000);
    }
    if (methods != null) {
      methods.stop(0);
    }
  }

  @Test
  void givenSocketMode_whenSlackSendsAClick_thenAcknowledgedAndQueued() throws Exception {
    String payload =
        SlackPayloads.click(
            "U0LEAD1", SlackClick.APPROVE, "regression-x", "mitigation", "http://h/r", "9.1", "ok");
    socket =
        new WebSocketServer(new InetSocketAddress("127.0.0.1", 0)) {
          @Override
          public void onOpen(WebSocket conn, ClientHandshake handshake) {
            conn.send("{\"type\":\"hello\",\"num_connections\":1}");
            conn.send(
                "{\"envelope_id\":\"env-7\",\"type\":\"interactive\","
                    + "\"accepts_response_payload\":false,\"payload\":"
                    + payload
                    + "}");
          }

          @Override
          public void onMessage(WebSocket conn, String message) {
            acks.add(message);
          }

          @Override
          public void onClose(WebSocket conn, int code, String reason, boolean remote) {}

          @Override
          public void onError(WebSocket conn, Exception ex) {}

          @Override
          public void onStart() {}
        };
    socket.start();
    int socketPort = waitForPort(socket);

    methods = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    methods.createContext(
        "/api/apps.connections.open",
        exchange -> {
          byte[] body =
              ("{\"ok\":true,\"url\":\"ws://127.0.0.1:" + socketPort + "/link\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    methods.createContext(
        "/api/auth.test",
        exchange -> {
          byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    methods.start();
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(
        "http://127.0.0.1:" + methods.getAddress().getPort() + "/api/");

    mode =
        new SlackSocketMode(
            Slack.getInstance(config),
            "xapp-1-test",
            new SocketModeInteractions(
                click -> {
                  queued.add(click);
                  clicked.countDown();
                  return true;
                }));
    mode.start();

    String ack = acks.poll(20, TimeUnit.SECONDS);
    assertNotNull(ack, "no acknowledgement over the WebSocket");
    assertEquals("{\"envelope_id\":\"env-7\"}", ack);
    clicked.await(5, TimeUnit.SECONDS);
    assertEquals(1, queued.size());
    assertEquals("U0LEAD1", queued.get(0).slackUserId());
  }

  private static int waitForPort(WebSocketServer server) {
    // Before the server socket is bound its local port reads -1, not 0: wait for a real one.
    return Await.until("the WebSocket server's port", server::getPort, port -> port > 0);
  }
}
