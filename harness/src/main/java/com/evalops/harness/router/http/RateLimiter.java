package com.evalops.harness.router.http;

/**
 * Spaces attempts evenly at a maximum rate: each caller reserves the next free slot and is told how
 * long to wait for it, so the lock is held only for the reservation, never for the wait.
 */
final class RateLimiter {
  private final long intervalNanos;
  private long nextFreeNanos;

  /**
   * @param perSecond 0 for no limit
   */
  RateLimiter(double perSecond) {
    this.intervalNanos = perSecond == 0 ? 0 : Math.max(1, (long) (1_000_000_000L / perSecond));
    this.nextFreeNanos = System.nanoTime();
  }

  /** Reserves one attempt and returns how many nanoseconds the caller must wait before it. */
  synchronized long reserveNanos() {
    if (intervalNanos == 0) {
      return 0;
    }
    long now = System.nanoTime();
    // An idle limiter does not save up a burst: the slot is never earlier than now.
    long slot = Math.max(now, nextFreeNanos);
    nextFreeNanos = slot + intervalNanos;
    return slot - now;
  }
}
