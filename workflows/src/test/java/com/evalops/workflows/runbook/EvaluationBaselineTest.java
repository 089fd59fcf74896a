package com.evalops.workflows.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.workflows.WorkflowIds;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Which run an evaluation compares with, and which requests name the same run. */
class EvaluationBaselineTest {
  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(EvaluationRunbookWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  private static StartEvaluationRequest request(
      DatasetSelection dataset, String baseline, boolean noBaseline) {
    return new StartEvaluationRequest(
        "run-9", "evaluation", dataset, "v13", baseline, "oncall-ana", false, null, noBaseline);
  }

  private static EvaluationOutcome run(
      TestWorkflowEnvironment env,
      WorkflowClient client,
      Worker worker,
      FakeRunbookActivities fake,
      StartEvaluationRequest request) {
    FakeRunbookActivities.registerSearchAttributes(env);
    worker.registerActivitiesImplementations(fake);
    env.start();
    return client
        .newWorkflowStub(
            EvaluationRunbookWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.evaluation(request.runId()))
                .setTaskQueue(worker.getTaskQueue())
                .build())
        .run(request);
  }

  @Test
  void givenNoBaselineNamed_whenRun_thenComparedWithTheAcceptedBaselineOfItsGoldenVersion(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    FakeRunbookActivities fake = new FakeRunbookActivities("PASS").withAcceptedBaseline("run-v12");

    EvaluationOutcome outcome =
        run(env, client, worker, fake, request(DatasetSelection.golden("v2"), null, false));

    assertEquals(List.of("v2"), fake.baselineLookups);
    assertEquals("run-v12", fake.harnessRequests.get(0).baselineRunId());
    assertEquals("run-v12", outcome.baselineRunId());
    assertEquals("accepted", outcome.decision());
  }

  @Test
  void givenExplicitBaseline_whenRun_thenComparedWithItWithoutLookingUp(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    FakeRunbookActivities fake = new FakeRunbookActivities("PASS").withAcceptedBaseline("run-v12");

    run(env, client, worker, fake, request(DatasetSelection.golden("v2"), "run-old", false));

    assertTrue(fake.baselineLookups.isEmpty());
    assertEquals("run-old", fake.harnessRequests.get(0).baselineRunId());
  }

  @Test
  void givenExplicitNoBaseline_whenRun_thenComparedWithNothing(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    FakeRunbookActivities fake = new FakeRunbookActivities("PASS").withAcceptedBaseline("run-v12");

    EvaluationOutcome outcome =
        run(env, client, worker, fake, request(DatasetSelection.golden("v2"), null, true));

    assertTrue(fake.baselineLookups.isEmpty());
    assertNull(fake.harnessRequests.get(0).baselineRunId());
    assertNull(outcome.baselineRunId());
  }

  @Test
  void givenBaselineAndNoBaseline_whenRequested_thenRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> request(DatasetSelection.golden("v2"), "run-old", true));
    assertTrue(e.getMessage().contains("run-old"), e.getMessage());
  }

  @Test
  void givenIdenticalRetryFromAnotherPerson_whenCompared_thenNoDifference() {
    StartEvaluationRequest first = request(DatasetSelection.golden("v2"), null, false);
    StartEvaluationRequest retry =
        new StartEvaluationRequest(
            "run-9",
            "evaluation",
            DatasetSelection.golden("v2"),
            "v13",
            null,
            "oncall-bo",
            false,
            EvaluationSettings.defaults(),
            false);

    assertEquals(List.of(), retry.differencesFrom(first));
  }

  @Test
  void givenSameRunIdWithAnotherConfigAndDataset_whenCompared_thenEachDifferenceNamed() {
    StartEvaluationRequest first = request(DatasetSelection.golden("v2"), null, false);
    StartEvaluationRequest other =
        new StartEvaluationRequest(
            "run-9",
            "evaluation",
            DatasetSelection.golden("v1"),
            "v14",
            null,
            "oncall-ana",
            false,
            new EvaluationSettings(
                Duration.ofHours(1),
                Duration.ofMinutes(10),
                1,
                Duration.ofHours(1),
                Duration.ofMinutes(10),
                2,
                true),
            true);

    List<String> differences = other.differencesFrom(first);

    assertEquals(4, differences.size(), differences.toString());
    assertTrue(differences.get(0).startsWith("dataset: "), differences.toString());
    assertEquals("configVersion: v13 → v14", differences.get(1));
    assertEquals("noBaseline: false → true", differences.get(2));
    assertTrue(differences.get(3).startsWith("settings: "), differences.toString());
  }
}
