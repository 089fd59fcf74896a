package com.evalops.workflows.cadence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.evalops.workflows.runbook.EvaluationRunbookWorkflowImpl;
import com.evalops.workflows.runbook.FakeRunbookActivities;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A schedule starts every run with the same request and no day, week or month: each run derives its
 * period from its start time in the schedule's zone. The test server's clock starts on Tuesday
 * 2025-12-02 03:00 UTC, which is still Monday evening in Los Angeles.
 */
class ScheduledRunsTest {
  private static final Instant START = Instant.parse("2025-12-02T03:00:00Z");

  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(
              DailyQaWorkflowImpl.class,
              WeeklyRegressionWorkflowImpl.class,
              EvaluationRunbookWorkflowImpl.class,
              MonthlyCalibrationWorkflowImpl.class)
          .setInitialTime(START)
          .setDoNotStart(true)
          .build();

  private static WorkflowOptions options(Worker worker, String id) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(id)
        .setTaskQueue(worker.getTaskQueue())
        .build();
  }

  /** Records the day asked for and stops the run there: the day is what this test is about. */
  private static List<String> recordDaysAsked(Worker worker) {
    List<String> days = new CopyOnWriteArrayList<>();
    worker.registerActivitiesImplementations(
        new FakeRunbookActivities("PASS"),
        new DailyQaActivities() {
          @Override
          public QaSample drawSample(SampleQuery query) {
            days.add(query.day());
            throw ApplicationFailure.newNonRetryableFailure("stop here", "INVALID_INPUT");
          }

          @Override
          public String writeQaNotes(QaNotesRequest notes) {
            throw new AssertionError("no QA notes: the run stops when it draws the sample");
          }
        },
        (IncidentStarterActivities) request -> "unused");
    return days;
  }

  @Test
  void givenScheduledDailyRunInUtc_whenStarted_thenSamplesThePreviousBusinessDay(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    FakeRunbookActivities.registerSearchAttributes(env);
    List<String> days = recordDaysAsked(worker);
    env.start();

    DailyQaWorkflow daily =
        client.newWorkflowStub(DailyQaWorkflow.class, options(worker, "scheduled-daily-utc"));
    assertThrows(
        WorkflowFailedException.class,
        () -> daily.run(new DailyQaRequest(null, 30, 7L, "schedule", null, "UTC")));

    assertEquals(List.of("2025-12-01"), days);
  }

  @Test
  void givenScheduledDailyRunInLosAngeles_whenStartedOnMondayEvening_thenSamplesFriday(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    FakeRunbookActivities.registerSearchAttributes(env);
    List<String> days = recordDaysAsked(worker);
    env.start();

    DailyQaWorkflow daily =
        client.newWorkflowStub(DailyQaWorkflow.class, options(worker, "scheduled-daily-la"));
    assertThrows(
        WorkflowFailedException.class,
        () -> daily.run(new DailyQaRequest("", 30, 7L, "schedule", null, "America/Los_Angeles")));

    assertEquals(List.of("2025-11-28"), days);
  }

  @Test
  void givenScheduledWeeklyRun_whenRun_thenNamedAfterTheIsoWeekItStartsIn(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    FakeRunbookActivities.registerSearchAttributes(env);
    FakeRunbookActivities fake = new FakeRunbookActivities("PASS");
    worker.registerActivitiesImplementations(
        fake,
        (ProductionInputsActivities) () -> new ProductionInputs("v12", "v2", "weekly-2025-W48"));
    env.start();

    WeeklySummary summary =
        client
            .newWorkflowStub(WeeklyRegressionWorkflow.class, options(worker, "scheduled-weekly"))
            .run(new WeeklyRegressionRequest(null, "schedule", null, "Europe/Berlin"));

    assertEquals("2025-W49", summary.weekId());
    assertEquals("weekly-2025-W49", fake.harnessRequests.get(0).runId());
  }

  @Test
  void givenScheduledMonthlyRunWithoutWindow_whenRun_thenAnalysesTheWholeMonthThatEnded(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    FakeRunbookActivities.registerSearchAttributes(env);
    FakeCalibrationActivities fake =
        new FakeCalibrationActivities(env, FakeCalibrationActivities.quiet());
    worker.registerActivitiesImplementations(fake);
    env.start();

    CalibrationReport report =
        client
            .newWorkflowStub(MonthlyCalibrationWorkflow.class, options(worker, "scheduled-monthly"))
            .run(new MonthlyCalibrationRequest(null, 0, "schedule", null, "UTC"));

    assertEquals("2025-11", report.month());
    assertEquals("monthly-2025-11", report.runId());
    CalibrationQuery query = fake.queries.get(0);
    assertEquals(Instant.parse("2025-11-01T00:00:00Z"), query.from());
    assertEquals(Instant.parse("2025-12-01T00:00:00Z"), query.to());
  }
}
