package com.evalops.worker.temporal;

import com.google.protobuf.Empty;
import io.grpc.StatusRuntimeException;
import io.temporal.serviceclient.TestServiceStubs;
import io.temporal.serviceclient.TestServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.spring.boot.WorkerOptionsCustomizer;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the engine does on the server before its workers poll. */
@Configuration(proxyBeanMethods = false)
public class TemporalSetup {
  private static final Logger log = LoggerFactory.getLogger(TemporalSetup.class);

  /**
   * Whether the frontend is the SDK's test server (embedded, or {@code ./evalops dev-server}): a
   * laptop engine, which keeps no sticky queues and may write demo tokens.
   */
  public record TemporalServerKind(boolean testServer) {}

  /** A marker bean: created once the search attributes are registered. */
  public record SearchAttributesRegistered(String namespace) {}

  /**
   * On the SDK's test server (embedded or {@code ./evalops dev-server}) workflow tasks never go to
   * sticky queues: that server does not move a stopped worker's sticky tasks back to the shared
   * queue, so a restarted worker would never see the runbooks that wait for people. A cluster does,
   * after a few seconds, and keeps the faster sticky path.
   */
  @Bean
  TemporalServerKind temporalServerKind(WorkflowServiceStubs service) {
    return new TemporalServerKind(isTestServer(service));
  }

  @Bean
  WorkerOptionsCustomizer stickyQueuesOffOnTheTestServer(TemporalServerKind server) {
    boolean testServer = server.testServer();
    if (testServer) {
      log.info(
          "Temporal: the SDK's test server: workers keep no sticky queue, so a restarted worker"
              + " takes over waiting runbooks");
    }
    return (options, workerName, taskQueue) ->
        testServer ? options.setStickyQueueScheduleToStartTimeout(Duration.ZERO) : options;
  }

  /** Only the test server answers its TestService; a cluster says UNIMPLEMENTED. */
  static boolean isTestServer(WorkflowServiceStubs service) {
    TestServiceStubs test =
        TestServiceStubs.newServiceStubs(
            TestServiceStubsOptions.newBuilder()
                .setChannel(service.getRawChannel())
                .validateAndBuildWithDefaults());
    try {
      test.blockingStub().getCurrentTime(Empty.getDefaultInstance());
      return true;
    } catch (StatusRuntimeException e) {
      return false;
    } finally {
      test.shutdown();
    }
  }

  @Bean
  SearchAttributesRegistered searchAttributesRegistered(
      WorkflowServiceStubs service, @Value("${spring.temporal.namespace}") String namespace) {
    SearchAttributeRegistration.register(service, namespace);
    return new SearchAttributesRegistered(namespace);
  }
}
