package com.evalops.workflows.notify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The notices a workflow sent, in order, for tests that wait for one: the notifier activity records
 * each, and a test blocks until the notice it needs went out (a runbook tells people only once its
 * state is ready for them), instead of polling for time.
 */
public final class NoticeLog {
  private static final Duration GIVE_UP = Duration.ofSeconds(60);

  private final List<Notification> sent = new ArrayList<>();

  public synchronized void add(Notification notice) {
    sent.add(notice);
    notifyAll();
  }

  public synchronized List<Notification> all() {
    return List.copyOf(sent);
  }

  /** Every notice of {@code kind}, in order. */
  public synchronized List<Notification> of(String kind) {
    return sent.stream().filter(n -> n.kind().equals(kind)).toList();
  }

  /**
   * Blocks until the {@code nth} (1-based) notice matching {@code wanted} went out, and returns it.
   */
  public synchronized Notification await(int nth, Predicate<Notification> wanted, String what) {
    long giveUp = System.nanoTime() + GIVE_UP.toNanos();
    while (true) {
      List<Notification> matching = sent.stream().filter(wanted).toList();
      if (matching.size() >= nth) {
        return matching.get(nth - 1);
      }
      long left = giveUp - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no " + what + " notice (#" + nth + ") among " + sent);
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Blocks until the {@code nth} notice of {@code kind} went out. */
  public Notification await(int nth, String kind) {
    return await(nth, n -> n.kind().equals(kind), kind);
  }
}
