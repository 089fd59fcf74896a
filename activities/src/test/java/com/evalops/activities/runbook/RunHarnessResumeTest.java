package com.evalops.activities.runbook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.harness.contract.Prediction;
import com.evalops.harness.contract.RoutableTicket;
import com.evalops.harness.router.Router;
import com.evalops.harness.router.RouterException;
import com.evalops.harness.router.RoutingProgress;
import com.evalops.harness.router.reference.ReferenceRouter;
import com.evalops.stores.artifact.LocalArtifactStore;
import com.evalops.stores.config.LocalRouterConfigStore;
import com.evalops.stores.ledger.LocalLedger;
import com.evalops.workflows.runbook.DatasetSelection;
import com.evalops.workflows.runbook.DatasetSnapshot;
import com.evalops.workflows.runbook.EvaluationActivities;
import com.evalops.workflows.runbook.HarnessRun;
import com.evalops.workflows.runbook.RunHarnessRequest;
import com.evalops.workflows.testing.Await;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RunHarness on the demo golden set (1000 tickets) when an attempt fails while routing: the retry,
 * given the failed attempt's last heartbeat, routes only the tickets after its checkpoint.
 */
class RunHarnessResumeTest {
  private static final Path DEMO =
      Path.of(System.getProperty("evalops.repo.root", "..")).resolve("datasets/demo");
  private static final Clock FIXED =
      Clock.fixed(Instant.parse("2025-12-02T10:00:00Z"), ZoneOffset.UTC);
  private static final int TICKETS = 1000;
  private static final String RUN = "run-1";

  /** The SDK sends a heartbeat at most every 0.8 × this; the failing router waits for it. */
  private static final ActivityOptions OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(2))
          .setHeartbeatTimeout(Duration.ofSeconds(1))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
          .build();

  @TempDir Path dir;
  private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
  private final Handler logHandler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          logged.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private final Logger log = Logger.getLogger(EvaluationActivitiesImpl.class.getName());

  @BeforeEach
  void listen() {
    log.addHandler(logHandler);
  }

  @AfterEach
  void stopListening() {
    log.removeHandler(logHandler);
  }

  @Test
  void givenAttemptFailedAfter400Tickets_whenRetriedWithItsHeartbeat_thenRoutesOnlyTheRest()
      throws IOException {
    Path uninterrupted = dir.resolve("uninterrupted");
    HarnessRun expected = runUninterrupted(uninterrupted);
    Path resumed = dir.resolve("resumed");
    Attempt first = attempt(resumed, 400, null);
    assertEquals(List.of(TICKETS), first.asked);
    assertFalse(Files.exists(runs(resumed).resolve(RUN)), "no half report after the failure");
    HarnessCheckpoint heard = first.lastHeartbeat();
    assertEquals("routing tickets", heard.phase());
    assertEquals(400, heard.routing().routed());

    Attempt second = attempt(resumed, -1, heard);

    assertEquals(List.of(TICKETS - 400), second.asked);
    assertEquals(withoutLocation(expected), withoutLocation(second.run));
    assertSameFiles(uninterrupted, resumed);
    assertFalse(Files.exists(partialFile(resumed)), "the report holds the predictions now");
    assertTrue(
        messages(Level.INFO).stream()
            .anyMatch(
                m ->
                    m.contains(
                        "run-1: resuming routing from the last checkpoint, 400 tickets routed")),
        messages(Level.INFO).toString());
  }

  @Test
  void givenFileGrewAfterTheLastHeartbeat_whenRetried_thenCutBackToItAndRoutedFromThere()
      throws IOException {
    Path uninterrupted = dir.resolve("uninterrupted");
    HarnessRun expected = runUninterrupted(uninterrupted);
    Path resumed = dir.resolve("resumed");
    Attempt first = attempt(resumed, 400, null);
    HarnessCheckpoint older =
        first.heartbeats.stream()
            .filter(h -> h.routing() != null && h.routing().routed() < 400)
            .reduce((a, b) -> b)
            .orElseThrow();
    long routed = older.routing().routed();

    Attempt second = attempt(resumed, -1, older);

    assertEquals(List.of((int) (TICKETS - routed)), second.asked);
    assertEquals(withoutLocation(expected), withoutLocation(second.run));
    assertSameFiles(uninterrupted, resumed);
    assertTrue(
        messages(Level.INFO).stream().anyMatch(m -> m.contains("bytes written after it")),
        messages(Level.INFO).toString());
  }

  @Test
  void givenPartialFileTamperedWith_whenRetried_thenStartsOverAndLogsWhy() throws IOException {
    Path uninterrupted = dir.resolve("uninterrupted");
    HarnessRun expected = runUninterrupted(uninterrupted);
    Path resumed = dir.resolve("resumed");
    Attempt first = attempt(resumed, 400, null);
    Path partial = partialFile(resumed);
    String text = Files.readString(partial);
    Files.writeString(partial, text.replaceFirst("\"confidence\":0\\.", "\"confidence\":1."));

    Attempt second = attempt(resumed, -1, first.lastHeartbeat());

    assertEquals(List.of(TICKETS), second.asked);
    assertEquals(withoutLocation(expected), withoutLocation(second.run));
    assertSameFiles(uninterrupted, resumed);
    List<String> warnings = messages(Level.WARNING);
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(
        warnings
            .get(0)
            .startsWith(
                "run run-1: routing every ticket again; the last checkpoint cannot be resumed"
                    + " from: the first "
                    + first.lastHeartbeat().routing().bytes()
                    + " bytes of the partial predictions file"),
        warnings.get(0));
    assertTrue(warnings.get(0).contains("SHA-256"), warnings.get(0));
  }

  @Test
  void givenHeartbeatOfAnOlderWorker_whenRetried_thenRoutesEveryTicketAndSaysWhy() {
    Attempt attempt = attempt(dir.resolve("resumed"), -1, "routing tickets 400/1000");

    assertEquals(List.of(TICKETS), attempt.asked);
    assertEquals("STOP", attempt.run.verdict());
    List<String> warnings = messages(Level.WARNING);
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("the last heartbeat is not a checkpoint"), warnings.get(0));
  }

  private HarnessRun runUninterrupted(Path root) {
    LocalRouterConfigStore.seed(root.resolve("configs"), DEMO.resolve("configs"), "v12");
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      env.registerActivitiesImplementations(
          new EvaluationActivitiesImpl(
              settings(root),
              configs(root),
              new LocalArtifactStore(root.resolve("artifacts"), FIXED),
              FIXED));
      EvaluationActivities activities = env.newActivityStub(EvaluationActivities.class, OPTIONS);
      return activities.runHarness(request(activities));
    } finally {
      env.close();
    }
  }

  /**
   * One attempt in {@code root}, given {@code details} as the previous attempt's heartbeat (a
   * checkpoint, or what an older worker heartbeated); its router fails after {@code failAfter}
   * tickets (never when negative).
   */
  private Attempt attempt(Path root, int failAfter, Object details) {
    if (!Files.isDirectory(root.resolve("configs"))) {
      LocalRouterConfigStore.seed(root.resolve("configs"), DEMO.resolve("configs"), "v12");
    }
    Attempt attempt = new Attempt();
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      env.setActivityHeartbeatListener(HarnessCheckpoint.class, attempt.heartbeats::add);
      env.registerActivitiesImplementations(
          new EvaluationActivitiesImpl(
              settings(root),
              configs(root),
              new LocalArtifactStore(root.resolve("artifacts"), FIXED),
              FIXED,
              (training, taxonomy, config) ->
                  new ScriptedRouter(
                      new ReferenceRouter(training, taxonomy, config), failAfter, attempt),
              Duration.ZERO));
      EvaluationActivities activities = env.newActivityStub(EvaluationActivities.class, OPTIONS);
      RunHarnessRequest request = request(activities);
      if (details != null) {
        // The environment hands these to the next activity it runs, and only to that one.
        env.setHeartbeatDetails(details);
      }
      if (failAfter < 0) {
        attempt.run = activities.runHarness(request);
      } else {
        ActivityFailure failure =
            assertThrows(ActivityFailure.class, () -> activities.runHarness(request));
        assertTrue(
            String.valueOf(failure.getCause().getMessage()).contains("routing service went away"),
            String.valueOf(failure.getCause()));
      }
      return attempt;
    } finally {
      env.close();
    }
  }

  private static RunHarnessRequest request(EvaluationActivities activities) {
    DatasetSnapshot snapshot = activities.selectDataset(DatasetSelection.golden("v2"));
    return new RunHarnessRequest(RUN, snapshot, "v14", null);
  }

  private static HarnessSettings settings(Path root) {
    return new HarnessSettings(DEMO, "v2", runs(root), List.of(root, DEMO));
  }

  private static LocalRouterConfigStore configs(Path root) {
    return new LocalRouterConfigStore(
        root.resolve("configs"), LocalLedger.changeLog(root.resolve("changes.jsonl")));
  }

  private static Path runs(Path root) {
    return root.resolve("runs");
  }

  private static Path partialFile(Path root) {
    return settings(root).partialPredictionsFile(RUN);
  }

  private List<String> messages(Level level) {
    return logged.stream()
        .filter(r -> r.getLevel().equals(level))
        .map(LogRecord::getMessage)
        .toList();
  }

  private static HarnessRun withoutLocation(HarnessRun r) {
    return new HarnessRun(
        r.runId(),
        r.verdict(),
        r.reasons(),
        r.dataset(),
        r.configVersion(),
        r.thresholdInForce(),
        r.baselineRunId(),
        r.accuracy(),
        r.macroF1(),
        r.macroF1Delta(),
        r.tier0FalseNegatives(),
        r.tier0FalsePositives(),
        r.tier2Violations(),
        r.unsafeAutomations(),
        r.recommendedThreshold(),
        r.templatesInViolations(),
        null);
  }

  /** The report folder and the stored artifacts (manifest included), byte for byte. */
  private static void assertSameFiles(Path expectedRoot, Path actualRoot) throws IOException {
    for (String folder : List.of("runs/" + RUN, "artifacts")) {
      Path expected = expectedRoot.resolve(folder);
      Path actual = actualRoot.resolve(folder);
      List<String> names = files(expected);
      assertEquals(names, files(actual));
      assertTrue(names.size() > 5, names.toString());
      for (String name : names) {
        assertArrayEquals(
            Files.readAllBytes(expected.resolve(name)),
            Files.readAllBytes(actual.resolve(name)),
            folder + "/" + name);
      }
    }
  }

  private static List<String> files(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files
          .filter(Files::isRegularFile)
          .map(f -> folder.relativize(f).toString())
          .sorted()
          .toList();
    }
  }

  /** What one attempt did: the tickets its router was asked for, its heartbeats, its result. */
  private static final class Attempt {
    final List<Integer> asked = new CopyOnWriteArrayList<>();
    final List<HarnessCheckpoint> heartbeats = new CopyOnWriteArrayList<>();
    HarnessRun run;

    HarnessCheckpoint lastHeartbeat() {
      return heartbeats.get(heartbeats.size() - 1);
    }
  }

  /**
   * The reference router, counting the tickets it is asked for. Told to fail after {@code
   * failAfter} tickets, it first waits until the heartbeat naming that checkpoint has reached the
   * server (the SDK sends heartbeats on its own schedule), then fails as a routing service going
   * away would.
   */
  private static final class ScriptedRouter implements Router {
    private final Router inner;
    private final int failAfter;
    private final Attempt attempt;

    ScriptedRouter(Router inner, int failAfter, Attempt attempt) {
      this.inner = inner;
      this.failAfter = failAfter;
      this.attempt = attempt;
    }

    @Override
    public String describe() {
      return inner.describe();
    }

    @Override
    public void routeAll(
        List<RoutableTicket> tickets, Consumer<Prediction> sink, RoutingProgress progress) {
      attempt.asked.add(tickets.size());
      int[] routed = {0};
      inner.routeAll(
          tickets,
          prediction -> {
            sink.accept(prediction);
            if (++routed[0] == failAfter) {
              awaitHeartbeat(failAfter);
              throw new RouterException("routing service went away");
            }
          },
          progress);
    }

    private void awaitHeartbeat(long routed) {
      Await.until(
          "a heartbeat with checkpoint " + routed,
          () -> new ArrayList<>(attempt.heartbeats),
          heard ->
              !heard.isEmpty()
                  && heard.get(heard.size() - 1).routing() != null
                  && heard.get(heard.size() - 1).routing().routed() == routed);
    }
  }
}
