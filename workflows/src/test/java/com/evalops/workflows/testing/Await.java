package com.evalops.workflows.testing;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for an outcome, never for time: probes until the outcome is there and fails, naming what it
 * last saw, only after a bound generous enough for a loaded two-core machine.
 */
public final class Await {
  /** How long a test waits for an outcome before it fails. */
  public static final Duration BOUND = Duration.ofSeconds(60);

  private static final long FIRST_PAUSE_MS = 10;
  private static final long LONGEST_PAUSE_MS = 200;

  private Await() {}

  /** Probes until {@code done} holds for what {@code probe} returns, within {@link #BOUND}. */
  public static <T> T until(String what, Supplier<T> probe, Predicate<? super T> done) {
    return until(what, BOUND, probe, done);
  }

  /** Probes until {@code done} holds for what {@code probe} returns, within {@code bound}. */
  public static <T> T until(
      String what, Duration bound, Supplier<T> probe, Predicate<? super T> done) {
    long giveUp = System.nanoTime() + bound.toNanos();
    long pause = FIRST_PAUSE_MS;
    while (true) {
      T seen = probe.get();
      if (done.test(seen)) {
        return seen;
      }
      if (System.nanoTime() - giveUp > 0) {
        throw new AssertionError(
            "gave up after "
                + bound.toSeconds()
                + " s waiting for "
                + what
                + "; last saw: "
                + seen);
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(
            "interrupted while waiting for " + what + "; last saw: " + seen, e);
      }
      pause = Math.min(LONGEST_PAUSE_MS, pause * 2);
    }
  }
}
