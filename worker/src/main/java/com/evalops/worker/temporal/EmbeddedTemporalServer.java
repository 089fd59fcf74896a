package com.evalops.worker.temporal;

import io.temporal.testserver.TestServer;
import io.temporal.testserver.TestServer.PortBoundTestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Chooses the Temporal frontend before any bean exists: with {@code evalops.temporal.target} set,
 * the starter connects there; without it, the SDK's test server starts here, bound to {@code
 * localhost:<embedded-port>} with time skipping off, so the worker, the CLI and the API talk gRPC
 * to it exactly as to a cluster, and a 30-minute human deadline lasts 30 minutes.
 */
public class EmbeddedTemporalServer implements SmartApplicationListener {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedTemporalServer.class);
  static final String PROPERTY_SOURCE = "evalops-temporal-target";

  private PortBoundTestServer server;

  @Override
  public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
    return ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(eventType)
        || ContextClosedEvent.class.isAssignableFrom(eventType)
        || ApplicationFailedEvent.class.isAssignableFrom(eventType);
  }

  @Override
  public void onApplicationEvent(ApplicationEvent event) {
    if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
      chooseTarget(prepared.getEnvironment());
    } else {
      stop();
    }
  }

  private void chooseTarget(ConfigurableEnvironment env) {
    String target = env.getProperty("evalops.temporal.target", "").trim();
    if (target.isEmpty()) {
      // Spring users may name the cluster the starter's way; that counts as a target too.
      target = env.getProperty("spring.temporal.connection.target", "").trim();
    }
    String namespace = env.getProperty("evalops.temporal.namespace", "default").trim();
    if (target.isEmpty()) {
      int port = env.getProperty("evalops.temporal.embedded-port", Integer.class, 7233);
      port = port < 0 ? freePort() : port;
      server = start(port);
      target = "localhost:" + port;
      log.info(
          "Temporal: embedded test server on {} (time skipping off; no Temporal UI; state is lost"
              + " when this process stops)",
          target);
    } else {
      log.info("Temporal: server at {}, namespace {}", target, namespace);
    }
    Map<String, Object> chosen = new HashMap<>();
    chosen.put("spring.temporal.connection.target", target);
    chosen.put("spring.temporal.namespace", namespace);
    if (server == null) {
      // A cluster named the starter's way is still a cluster: evalops.temporal.target says so.
      chosen.put("evalops.temporal.target", target);
    }
    env.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, chosen));
  }

  /** Starts the port-bound test server, time skipping locked (off). */
  public static PortBoundTestServer start(int port) {
    try {
      return TestServer.createPortBoundServer(port, true);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot start the embedded Temporal server on port "
              + port
              + " (is another engine or Temporal server running? set EVALOPS_TEMPORAL_TARGET to"
              + " use it, or EVALOPS_TEMPORAL_EMBEDDED_PORT for another port)",
          e);
    }
  }

  private void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port for the embedded Temporal server", e);
    }
  }
}
