package com.evalops.worker.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The embedded Temporal server listens on this machine only, unless a setting opens it. */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedTemporalServerTest {

  @Test
  void givenNoAddressSetting_whenTheEngineStarts_thenLoopbackOnlyAndTheStartUpLineSaysWhere(
      CapturedOutput output) throws IOException {
    int port = freePort();
    StandardEnvironment env = new StandardEnvironment();
    env.getPropertySources()
        .addFirst(
            new MapPropertySource(
                "test", java.util.Map.of("evalops.temporal.embedded-port", String.valueOf(port))));
    EmbeddedTemporalServer chooser = new EmbeddedTemporalServer();
    chooser.onApplicationEvent(
        new ApplicationEnvironmentPreparedEvent(
            new DefaultBootstrapContext(), new SpringApplication(), new String[0], env));
    try {
      assertEquals("127.0.0.1:" + port, env.getProperty("spring.temporal.connection.target"));
      assertTrue(
          output.getOut().contains("listening on 127.0.0.1:" + port + ", this machine only"),
          output.getOut());
      assertAnswersGrpc("127.0.0.1:" + port);
      Optional<InetAddress> other = otherAddressOfThisMachine();
      Assumptions.assumeTrue(other.isPresent(), "this machine has no non-loopback address");
      assertThrows(ConnectException.class, () -> connect(other.get(), port));
    } finally {
      chooser.onApplicationEvent(
          new ApplicationFailedEvent(
              new SpringApplication(), new String[0], null, new RuntimeException("test over")));
    }
  }

  @Test
  void givenTheAddressOpened_whenStarted_thenAnotherAddressOfTheMachineReachesIt()
      throws IOException {
    Optional<InetAddress> other = otherAddressOfThisMachine();
    Assumptions.assumeTrue(other.isPresent(), "this machine has no non-loopback address");
    int port = freePort();
    try (EmbeddedTemporalServer.Listening server = EmbeddedTemporalServer.start("0.0.0.0", port)) {
      assertEquals("0.0.0.0:" + port, server.listensOn());
      assertTrue(!server.loopbackOnly());
      connect(other.get(), port);
      assertAnswersGrpc(other.get().getHostAddress() + ":" + port);
    }
  }

  @Test
  void givenAnAddressThatIsNotThisMachines_whenStarted_thenRefusedNamingTheSetting() {
    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class,
            () -> EmbeddedTemporalServer.start("no-such-host.invalid", freePort()));
    assertTrue(
        refused.getMessage().contains("evalops.temporal.embedded-address"), refused.getMessage());
  }

  private static void assertAnswersGrpc(String target) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
    try {
      stubs.blockingStub().getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
    } finally {
      stubs.shutdownNow();
    }
  }

  private static void connect(InetAddress address, int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 5_000);
    }
  }

  private static Optional<InetAddress> otherAddressOfThisMachine() throws IOException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress address : Collections.list(nic.getInetAddresses())) {
        if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
          return Optional.of(address);
        }
      }
    }
    return Optional.empty();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
