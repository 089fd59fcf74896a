package com.evalops.worker.temporal;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
 * the starter connects there; without it, the SDK's test server starts here on {@code
 * <embedded-address>:<embedded-port>} with time skipping off, so the worker, the CLI and the API
 * talk gRPC to it exactly as to a cluster, and a 30-minute human deadline lasts 30 minutes.
 *
 * <p>It listens on the loopback address unless {@code evalops.temporal.embedded-address} opens it:
 * the Temporal port has no authentication of its own, and whoever reaches it reaches the workflows
 * without passing the API's checks.
 */
public class EmbeddedTemporalServer implements SmartApplicationListener {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedTemporalServer.class);
  static final String PROPERTY_SOURCE = "evalops-temporal-target";

  /** The default address of the embedded server: this machine only. */
  public static final String LOOPBACK = "127.0.0.1";

  private Listening server;

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
      String address = env.getProperty("evalops.temporal.embedded-address", LOOPBACK).trim();
      server = start(address.isEmpty() ? LOOPBACK : address, port);
      target = server.target();
      log.info(
          "Temporal: embedded test server listening on {}{} (time skipping off; no Temporal UI;"
              + " state is lost when this process stops)",
          server.listensOn(),
          server.loopbackOnly()
              ? ", this machine only (evalops.temporal.embedded-address opens it)"
              : ", OPEN to the network: anyone who reaches it reaches the workflows without the"
                  + " API's checks");
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

  /** Starts the test server on the loopback address, time skipping locked (off). */
  public static Listening start(int port) {
    return start(LOOPBACK, port);
  }

  /**
   * Starts the test server on {@code address:port}, time skipping locked (off). The SDK's own
   * port-bound server listens on every interface; this one is built from the same services but
   * bound where configuration says.
   */
  public static Listening start(String address, int port) {
    InetSocketAddress bind;
    try {
      bind = new InetSocketAddress(InetAddress.getByName(address), port);
    } catch (IOException e) {
      throw new IllegalStateException(
          "evalops.temporal.embedded-address \"" + address + "\" is not an address of this machine",
          e);
    }
    TestServicesStarter services = new TestServicesStarter(true, 0L);
    try {
      NettyServerBuilder builder =
          NettyServerBuilder.forAddress(bind, InsecureServerCredentials.create());
      GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
      return new Listening(services, builder.build().start(), bind);
    } catch (IOException | RuntimeException e) {
      services.close();
      throw new IllegalStateException(
          "cannot start the embedded Temporal server on "
              + address
              + ":"
              + port
              + " (is another engine or Temporal server running? set EVALOPS_TEMPORAL_TARGET to"
              + " use it, or EVALOPS_TEMPORAL_EMBEDDED_PORT for another port)",
          e);
    }
  }

  /** The embedded server while it runs. */
  public static final class Listening implements Closeable {
    private final TestServicesStarter services;
    private final Server grpc;
    private final InetSocketAddress address;

    private Listening(TestServicesStarter services, Server grpc, InetSocketAddress address) {
      this.services = services;
      this.grpc = grpc;
      this.address = address;
    }

    /** {@code host:port} as it listens, e.g. {@code 127.0.0.1:7233} or {@code 0.0.0.0:7233}. */
    public String listensOn() {
      return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /** Whether only this machine can reach it. */
    public boolean loopbackOnly() {
      return address.getAddress().isLoopbackAddress();
    }

    /** Where a client on this machine connects. */
    public String target() {
      return (address.getAddress().isAnyLocalAddress() ? "localhost" : address.getHostString())
          + ":"
          + address.getPort();
    }

    @Override
    public void close() {
      grpc.shutdownNow();
      services.close();
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
