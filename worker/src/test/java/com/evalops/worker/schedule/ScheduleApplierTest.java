package com.evalops.worker.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.worker.config.EvalopsProperties;
import com.evalops.worker.schedule.ScheduleApplyResult.CadenceResult;
import com.evalops.worker.schedule.ScheduleApplyResult.Mode;
import com.evalops.worker.temporal.EmbeddedTemporalServer;
import io.grpc.Status;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.schedules.ScheduleException;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against the embedded engine's server (the SDK's test server, port-bound, as the worker runs it),
 * which has no Schedules: apply must say so and start the cadences as cron workflows, once.
 */
class ScheduleApplierTest {
  private EmbeddedTemporalServer.Listening server;
  private WorkflowServiceStubs stubs;
  private WorkflowClient client;

  @BeforeEach
  void startServer() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    server = EmbeddedTemporalServer.start(port);
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget("localhost:" + port).build());
    client =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
  }

  @AfterEach
  void stopServer() {
    stubs.shutdownNow();
    server.close();
  }

  private static EvalopsProperties props(EvalopsProperties.Schedules schedules) {
    return new EvalopsProperties(
        "evalops-runbooks",
        Path.of("data"),
        Path.of("datasets", "demo"),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        schedules,
        null,
        null,
        null);
  }

  private static EvalopsProperties.Schedules defaults() {
    return new EvalopsProperties.Schedules(null, null, null, null, null, null, null, null);
  }

  private WorkflowExecutionStartedEventAttributes started(String workflowId) {
    return client
        .fetchHistory(workflowId)
        .getHistory()
        .getEvents(0)
        .getWorkflowExecutionStartedEventAttributes();
  }

  private WorkflowExecutionStatus status(String workflowId) {
    return client
        .getWorkflowServiceStubs()
        .blockingStub()
        .describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace("default")
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                .build())
        .getWorkflowExecutionInfo()
        .getStatus();
  }

  @Test
  void givenServerWithoutSchedules_whenApplied_thenSaysSoAndStartsTheThreeCronWorkflows() {
    ScheduleApplyResult result = new ScheduleApplier(client, props(defaults())).apply();

    assertEquals(ScheduleApplier.NO_SCHEDULES, result.notice());
    assertTrue(result.notice().contains("does not support Schedules"));
    assertEquals(
        List.of("daily-qa", "weekly-regression", "monthly-calibration"),
        result.cadences().stream().map(CadenceResult::cadence).toList());
    for (CadenceResult r : result.cadences()) {
      assertEquals(Mode.CRON, r.mode(), r.toString());
      assertEquals("started", r.action(), r.toString());
      assertEquals(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING, status(r.id()));
    }
    WorkflowExecutionStartedEventAttributes daily = started("evalops-daily-qa-cron");
    assertEquals("0 9 * * 1-5", daily.getCronSchedule());
    assertEquals("DailyQaSampling", daily.getWorkflowType().getName());
    assertEquals("evalops-runbooks", daily.getTaskQueue().getName());
    assertEquals("0 10 * * 1", started("evalops-weekly-regression-cron").getCronSchedule());
    assertEquals("0 10 1 * *", started("evalops-monthly-calibration-cron").getCronSchedule());
  }

  @Test
  void givenCronWorkflowsRunning_whenAppliedAgain_thenAlreadyRunningAndNothingRestarted() {
    ScheduleApplier applier = new ScheduleApplier(client, props(defaults()));
    applier.apply();
    String runIdBefore =
        client.newUntypedWorkflowStub("evalops-daily-qa-cron").describe().getExecution().getRunId();

    ScheduleApplyResult again = new ScheduleApplier(client, props(defaults())).apply();

    assertEquals(ScheduleApplier.NO_SCHEDULES, again.notice());
    again.cadences().forEach(r -> assertEquals("already running", r.action(), r.toString()));
    assertEquals(
        runIdBefore,
        client
            .newUntypedWorkflowStub("evalops-daily-qa-cron")
            .describe()
            .getExecution()
            .getRunId());
  }

  @Test
  void givenChangedTimes_whenApplied_thenCronWorkflowsReplacedWithTheNewTimes() {
    new ScheduleApplier(client, props(defaults())).apply();
    EvalopsProperties.Schedules later =
        new EvalopsProperties.Schedules(
            ZoneId.of("UTC"), LocalTime.of(7, 45), DayOfWeek.TUESDAY, null, null, null, null, null);

    ScheduleApplyResult result = new ScheduleApplier(client, props(later)).apply();

    assertEquals("replaced", result.cadences().get(0).action());
    assertEquals("replaced", result.cadences().get(1).action());
    assertEquals("already running", result.cadences().get(2).action());
    assertEquals("45 7 * * 1-5", started("evalops-daily-qa-cron").getCronSchedule());
    assertEquals("0 10 * * 2", started("evalops-weekly-regression-cron").getCronSchedule());
  }

  @Test
  void givenZoneOtherThanUtc_whenApplied_thenUtcCronAtTheZonesOffsetAndTheNoticeSaysSo() {
    EvalopsProperties.Schedules berlin =
        new EvalopsProperties.Schedules(
            ZoneId.of("Europe/Berlin"), null, null, null, null, null, null, null);

    ScheduleApplyResult result = new ScheduleApplier(client, props(berlin)).apply();

    assertEquals("started", result.cadences().get(0).action());
    boolean summer = ZoneId.of("Europe/Berlin").getRules().isDaylightSavings(Instant.now());
    assertEquals(
        (summer ? "0 7" : "0 8") + " * * 1-5", started("evalops-daily-qa-cron").getCronSchedule());
    assertTrue(result.notice().contains("converted at today's offset"), result.notice());
  }

  @Test
  void givenUnimplementedWrappedBySdk_whenClassified_thenRecognised() {
    assertTrue(
        ScheduleApplier.unimplemented(
            new ScheduleException(
                Status.UNIMPLEMENTED.withDescription("no").asRuntimeException())));
    assertFalse(
        ScheduleApplier.unimplemented(
            new ScheduleException(Status.UNAVAILABLE.asRuntimeException())));
  }
}
