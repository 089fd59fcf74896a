package com.evalops.activities.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.stores.artifact.LocalArtifactStore;
import com.evalops.stores.config.LocalRouterConfigStore;
import com.evalops.stores.ledger.LocalLedger;
import com.evalops.workflows.ErrorType;
import com.evalops.workflows.runbook.DatasetSelection;
import com.evalops.workflows.runbook.DatasetSnapshot;
import com.evalops.workflows.runbook.EvaluationActivities;
import com.evalops.workflows.runbook.HarnessRun;
import com.evalops.workflows.runbook.RunHarnessRequest;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness activities on the demo data, in Temporal's activity test environment. */
class EvaluationActivitiesImplTest {
  private static final Path DEMO =
      Path.of(System.getProperty("evalops.repo.root", "..")).resolve("datasets/demo");

  @TempDir Path data;
  private TestActivityEnvironment env;
  private EvaluationActivities activities;

  @BeforeEach
  void setUp() {
    LocalRouterConfigStore.seed(data.resolve("configs"), DEMO.resolve("configs"), "v12");
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(
        new EvaluationActivitiesImpl(
            new HarnessSettings(DEMO, "v2", data.resolve("runs"), List.of(data, DEMO)),
            new LocalRouterConfigStore(
                data.resolve("configs"), LocalLedger.changeLog(data.resolve("changes.jsonl"))),
            new LocalArtifactStore(data.resolve("artifacts")),
            Clock.systemUTC()));
    activities = env.newActivityStub(EvaluationActivities.class);
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void givenCurrentGoldenSet_whenSelected_thenVersionChecksumAndCountAreNamed() {
    DatasetSnapshot snapshot = activities.selectDataset(DatasetSelection.golden(null));

    assertEquals("v2", snapshot.version());
    assertEquals(1000, snapshot.count());
    assertEquals(64, snapshot.sha256().length());
  }

  @Test
  void givenRunTwice_whenRetried_thenTheStoredRunIsReturnedNotRecomputed() throws Exception {
    DatasetSnapshot snapshot = activities.selectDataset(DatasetSelection.golden("v2"));
    RunHarnessRequest request = new RunHarnessRequest("run-1", snapshot, "v14", null);

    HarnessRun first = activities.runHarness(request);
    long written = Files.getLastModifiedTime(data.resolve("runs/run-1/metrics.json")).toMillis();
    HarnessRun again = activities.runHarness(request);

    assertEquals("STOP", first.verdict());
    assertEquals(55, first.tier0FalseNegatives());
    assertEquals(first, again);
    assertEquals(
        written, Files.getLastModifiedTime(data.resolve("runs/run-1/metrics.json")).toMillis());
    assertTrue(Files.isRegularFile(data.resolve("artifacts/eval_runs/run-1/manifest.json")));
  }

  @Test
  void givenUnknownConfigVersion_whenRun_thenNonRetryableNotFound() {
    DatasetSnapshot snapshot = activities.selectDataset(DatasetSelection.golden("v2"));

    ActivityFailure failure =
        assertThrows(
            ActivityFailure.class,
            () -> activities.runHarness(new RunHarnessRequest("run-2", snapshot, "v99", null)));

    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    assertEquals(ErrorType.NOT_FOUND.name(), cause.getType());
    assertTrue(cause.isNonRetryable());
    assertTrue(cause.getOriginalMessage().contains("v99"), cause.getOriginalMessage());
  }

  @Test
  void givenUnknownGoldenVersion_whenSelected_thenNonRetryableNotFound() {
    ActivityFailure failure =
        assertThrows(
            ActivityFailure.class, () -> activities.selectDataset(DatasetSelection.golden("v9")));

    assertEquals(ErrorType.NOT_FOUND.name(), ((ApplicationFailure) failure.getCause()).getType());
  }

  @Test
  void givenCraftedIds_whenRun_thenNonRetryableInvalidAndNothingWrittenOutsideTheData() {
    DatasetSnapshot snapshot = activities.selectDataset(DatasetSelection.golden("v2"));
    Path outside = data.resolveSibling(data.getFileName() + "-outside");

    for (RunHarnessRequest request :
        List.of(
            new RunHarnessRequest(outside.toString(), snapshot, "v14", null),
            new RunHarnessRequest("../" + outside.getFileName(), snapshot, "v14", null),
            new RunHarnessRequest("run-3", snapshot, "v14", "../x"))) {
      ActivityFailure failure =
          assertThrows(ActivityFailure.class, () -> activities.runHarness(request));

      assertInvalid(failure, "run id");
    }
    assertFalse(Files.exists(outside));
    assertFalse(Files.exists(data.resolve("runs/run-3")));
  }

  @Test
  void givenCraftedGoldenVersion_whenSelected_thenNonRetryableInvalid() {
    for (String version : List.of("/etc", "../../x", "..")) {
      ActivityFailure failure =
          assertThrows(
              ActivityFailure.class,
              () -> activities.selectDataset(DatasetSelection.golden(version)));

      assertInvalid(failure, "golden version");
    }
  }

  /**
   * A sample outside the engine's folders is refused before it is read: the failure, which auditors
   * read, names where samples may be and repeats nothing of the file.
   */
  @Test
  void givenSampleOutsideTheEnginesFolders_whenSelected_thenRefusedWithoutReadingIt()
      throws Exception {
    Path secret = Files.writeString(data.resolveSibling(data.getFileName() + "-secret"), "root:x");
    try {
      for (String ref :
          List.of(
              "file:///etc/passwd",
              "/etc/passwd",
              secret.toString(),
              data.resolve("../" + secret.getFileName()).toString())) {
        ActivityFailure failure =
            assertThrows(
                ActivityFailure.class,
                () -> activities.selectDataset(DatasetSelection.sample(ref)));

        String message = assertInvalid(failure, "must be under");
        assertFalse(message.contains("root:") || message.contains("'root'"), message);
      }
    } finally {
      Files.delete(secret);
    }
  }

  @Test
  void givenSampleTheEngineWrote_whenSelectedByFileUri_thenScored() throws Exception {
    Path sample = Files.createDirectories(data.resolve("samples/s1")).resolve("tickets.jsonl");
    Files.write(sample, Files.readAllLines(DEMO.resolve("golden/v2/tickets.jsonl")).subList(0, 30));

    DatasetSnapshot snapshot =
        activities.selectDataset(DatasetSelection.sample(sample.toUri().toString()));

    assertEquals(30, snapshot.count());
    assertEquals(sample.toAbsolutePath().normalize().toString(), snapshot.ref());
  }

  private static String assertInvalid(ActivityFailure failure, String mentioned) {
    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    assertEquals(ErrorType.INVALID_INPUT.name(), cause.getType());
    assertTrue(cause.isNonRetryable());
    assertTrue(cause.getOriginalMessage().contains(mentioned), cause.getOriginalMessage());
    return cause.getOriginalMessage();
  }
}
