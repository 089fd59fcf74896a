package com.evalops.worker.temporal;

import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./evalops dev-server}: only the embedded Temporal server, so the worker runs as a separate
 * process ({@code EVALOPS_TEMPORAL_TARGET=localhost:7233 ./evalops up}) and can be killed and
 * restarted while runbooks wait. Search attributes are registered at once, as on a cluster.
 */
public final class DevServer {
  private DevServer() {}

  public static void main(String[] args) throws InterruptedException {
    int port =
        args.length > 0
            ? Integer.parseInt(args[0])
            : Integer.parseInt(
                System.getenv().getOrDefault("EVALOPS_TEMPORAL_EMBEDDED_PORT", "7233"));
    String address =
        System.getenv()
            .getOrDefault("EVALOPS_TEMPORAL_EMBEDDED_ADDRESS", EmbeddedTemporalServer.LOOPBACK);
    EmbeddedTemporalServer.Listening server = EmbeddedTemporalServer.start(address, port);
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(server.target()).build());
    SearchAttributeRegistration.register(service, "default");
    service.shutdown();
    System.out.println(
        "Temporal dev server listening on "
            + server.listensOn()
            + (server.loopbackOnly()
                ? " (this machine only; EVALOPS_TEMPORAL_EMBEDDED_ADDRESS opens it)"
                : " (OPEN to the network: anyone who reaches it reaches the workflows)")
            + " (namespace default, time skipping off; in memory: state ends with this process)."
            + " Start the worker with EVALOPS_TEMPORAL_TARGET="
            + server.target()
            + " ./evalops up; stop this server with Ctrl-C.");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                }));
    stopped.await();
  }
}
