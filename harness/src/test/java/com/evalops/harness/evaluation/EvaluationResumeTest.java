package com.evalops.harness.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.harness.contract.Prediction;
import com.evalops.harness.contract.RoutableTicket;
import com.evalops.harness.router.ReplayRouter;
import com.evalops.harness.router.Router;
import com.evalops.harness.router.RouterException;
import com.evalops.harness.router.RoutingProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run interrupted while routing, resumed from its last checkpoint (15 fixture tickets). */
class EvaluationResumeTest {
  private static final int TICKETS = 15;

  @TempDir Path dir;
  private EvaluationRequest fixture;
  private Path partial;

  @BeforeEach
  void setUp() {
    fixture =
        EvaluationFixture.request(
            dir.resolve("in"), "run-1", EvaluationFixture.config(false), dir.resolve("x"), null);
    partial = dir.resolve(".run-1.predictions.partial.jsonl");
  }

  @Test
  void givenRunStoppedAfterSixTickets_whenResumed_thenOnlyTheRestAreRoutedAndReportIsIdentical()
      throws IOException {
    Path uninterrupted = runUninterrupted();
    Recorder first = new Recorder();
    assertThrows(
        RouterException.class,
        () -> run(new CountingRouter(replay(), 6), first, null, dir.resolve("resumed")));
    assertFalse(Files.exists(dir.resolve("resumed")), "no half report after the failure");
    RoutingCheckpoint last = first.last();
    assertEquals(6, last.routed());
    assertEquals(Files.size(partial), last.bytes());

    Recorder second = new Recorder();
    CountingRouter router = new CountingRouter(replay(), -1);
    run(router, second, last, dir.resolve("resumed"));

    assertEquals(List.of(TICKETS - 6), router.asked());
    assertEquals(List.of("resumed after 6, dropping 0 bytes"), second.events);
    assertSameReport(uninterrupted, dir.resolve("resumed"));
    assertFalse(Files.exists(partial), "the report holds the predictions now");
  }

  @Test
  void givenFileGrewAfterTheCheckpoint_whenResumed_thenCutBackAndThoseTicketsRoutedAgain()
      throws IOException {
    Path uninterrupted = runUninterrupted();
    Recorder first = new Recorder();
    assertThrows(
        RouterException.class,
        () -> run(new CountingRouter(replay(), 9), first, null, dir.resolve("resumed")));
    // The heartbeat that carried checkpoint 9 was lost; the server last heard of checkpoint 4.
    RoutingCheckpoint heard = first.checkpoints.get(3);
    assertEquals(4, heard.routed());
    long grown = Files.size(partial) - heard.bytes();
    assertTrue(grown > 0);

    Recorder second = new Recorder();
    CountingRouter router = new CountingRouter(replay(), -1);
    run(router, second, heard, dir.resolve("resumed"));

    assertEquals(List.of(TICKETS - 4), router.asked());
    assertEquals(List.of("resumed after 4, dropping " + grown + " bytes"), second.events);
    assertSameReport(uninterrupted, dir.resolve("resumed"));
  }

  @Test
  void givenPartialFileChangedSinceTheCheckpoint_whenResumed_thenStartsOverAndSaysWhy()
      throws IOException {
    Path uninterrupted = runUninterrupted();
    Recorder first = new Recorder();
    assertThrows(
        RouterException.class,
        () -> run(new CountingRouter(replay(), 6), first, null, dir.resolve("resumed")));
    byte[] bytes = Files.readAllBytes(partial);
    bytes[20] = (byte) (bytes[20] == 'x' ? 'y' : 'x');
    Files.write(partial, bytes);

    Recorder second = new Recorder();
    CountingRouter router = new CountingRouter(replay(), -1);
    run(router, second, first.last(), dir.resolve("resumed"));

    assertEquals(List.of(TICKETS), router.asked());
    assertEquals(1, second.events.size());
    String event = second.events.get(0);
    assertTrue(event.startsWith("started over: the first " + first.last().bytes()), event);
    assertTrue(event.contains("SHA-256"), event);
    assertSameReport(uninterrupted, dir.resolve("resumed"));
  }

  @Test
  void givenEveryTicketRoutedBeforeTheFailure_whenResumed_thenRouterIsNotAsked()
      throws IOException {
    Path uninterrupted = runUninterrupted();
    Recorder first = new Recorder();
    assertThrows(
        RouterException.class,
        () -> run(new CountingRouter(replay(), TICKETS), first, null, dir.resolve("resumed")));

    CountingRouter router = new CountingRouter(replay(), -1);
    run(router, new Recorder(), first.last(), dir.resolve("resumed"));

    assertEquals(List.of(), router.asked());
    assertSameReport(uninterrupted, dir.resolve("resumed"));
  }

  @Test
  void givenNoCheckpoint_whenRun_thenStalePartialFileIsReplacedNotTrusted() throws IOException {
    Path uninterrupted = runUninterrupted();
    Files.writeString(partial, "left over from an earlier run with this id\n");
    Recorder recorder = new Recorder();
    CountingRouter router = new CountingRouter(replay(), -1);

    run(router, recorder, null, dir.resolve("fresh"));

    assertEquals(List.of(TICKETS), router.asked());
    assertTrue(recorder.events.isEmpty(), recorder.events.toString());
    assertSameReport(uninterrupted, dir.resolve("fresh"));
  }

  @Test
  void givenCheckpointBeyondTheTickets_whenResumed_thenStartsOver() {
    Recorder recorder = new Recorder();
    CountingRouter router = new CountingRouter(replay(), -1);

    run(router, recorder, new RoutingCheckpoint(99, 0, "00"), dir.resolve("fresh"));

    assertEquals(List.of(TICKETS), router.asked());
    assertTrue(recorder.events.get(0).contains("the run has 15 tickets"), recorder.events.get(0));
    assertNull(recorder.resumedFrom);
  }

  private Path runUninterrupted() {
    Path out = dir.resolve("uninterrupted");
    Evaluation.run(
        withSource(new PredictionSource.FromRouter(replay()), out), ProgressListener.NONE);
    return out;
  }

  private void run(Router router, Recorder recorder, RoutingCheckpoint from, Path out) {
    Evaluation.run(
        withSource(
            new PredictionSource.FromRouter(
                router, new ResumableRouting(partial, from, Duration.ZERO, recorder)),
            out),
        ProgressListener.NONE);
  }

  private Router replay() {
    return ReplayRouter.fromPredictions(dir.resolve("in/predictions.jsonl"));
  }

  private EvaluationRequest withSource(PredictionSource source, Path out) {
    return new EvaluationRequest(
        fixture.runId(),
        fixture.createdAt(),
        fixture.dataset(),
        source,
        fixture.taxonomy(),
        fixture.config(),
        out,
        null,
        fixture.thresholds(),
        fixture.targetPrecision(),
        fixture.sanitizer());
  }

  private static void assertSameReport(Path expected, Path actual) throws IOException {
    List<String> names = names(expected);
    assertEquals(names, names(actual));
    assertTrue(names.contains("metrics.json") && names.contains("predictions.jsonl"), "" + names);
    for (String name : names) {
      assertArrayEquals(
          Files.readAllBytes(expected.resolve(name)),
          Files.readAllBytes(actual.resolve(name)),
          name);
    }
  }

  private static List<String> names(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  /** Remembers every checkpoint, and how each run began. */
  private static final class Recorder implements ResumableRouting.Listener {
    final List<RoutingCheckpoint> checkpoints = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    RoutingCheckpoint resumedFrom;

    @Override
    public void resumed(RoutingCheckpoint from, long droppedBytes) {
      resumedFrom = from;
      events.add("resumed after " + from.routed() + ", dropping " + droppedBytes + " bytes");
    }

    @Override
    public void startedOver(String reason) {
      events.add("started over: " + reason);
    }

    @Override
    public void checkpointed(RoutingCheckpoint checkpoint) {
      checkpoints.add(checkpoint);
    }

    RoutingCheckpoint last() {
      return checkpoints.get(checkpoints.size() - 1);
    }
  }

  /**
   * Counts the tickets each {@code routeAll} is asked for, and fails once {@code failAfter} of them
   * are routed (never when negative), as a routing service going away would.
   */
  private static final class CountingRouter implements Router {
    private final Router inner;
    private final int failAfter;
    private final List<Integer> asked = new ArrayList<>();

    CountingRouter(Router inner, int failAfter) {
      this.inner = inner;
      this.failAfter = failAfter;
    }

    List<Integer> asked() {
      return asked;
    }

    @Override
    public String describe() {
      return inner.describe();
    }

    @Override
    public void routeAll(
        List<RoutableTicket> tickets, Consumer<Prediction> sink, RoutingProgress progress) {
      asked.add(tickets.size());
      int[] routed = {0};
      inner.routeAll(
          tickets,
          prediction -> {
            sink.accept(prediction);
            if (++routed[0] == failAfter) {
              throw new RouterException("routing service went away");
            }
          },
          progress);
    }
  }
}
