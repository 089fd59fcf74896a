package com.evalops.cli.eval;

import com.evalops.harness.evaluation.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Prints progress of long phases to standard error, at most once a second and only once a phase has
 * run for a second, so short runs stay quiet.
 */
final class ConsoleProgress implements ProgressListener {
  private static final long QUIET_NANOS = 1_000_000_000L;

  private final PrintWriter err;
  private final long start = System.nanoTime();
  private long lastPrinted = start;

  ConsoleProgress(PrintWriter err) {
    this.err = err;
  }

  @Override
  public synchronized void progress(String phase, long done, long total) {
    long now = System.nanoTime();
    boolean finished = total >= 0 && done >= total;
    if (now - lastPrinted < QUIET_NANOS && !(finished && now - start >= QUIET_NANOS)) {
      return;
    }
    lastPrinted = now;
    String of =
        total < 0
            ? ""
            : String.format(
                Locale.ROOT, " / %,d (%d%%)", total, total == 0 ? 100 : done * 100 / total);
    err.printf(Locale.ROOT, "  %s: %,d%s, %.1f s%n", phase, done, of, (now - start) / 1e9);
    err.flush();
  }
}
