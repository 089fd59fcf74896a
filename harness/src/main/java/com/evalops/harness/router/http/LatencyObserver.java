package com.evalops.harness.router.http;

/** Told how long each ticket took to route, for latency percentiles in benchmarks and metrics. */
@FunctionalInterface
public interface LatencyObserver {
  LatencyObserver NONE = (ticketId, attempts, nanos) -> {};

  /**
   * Called from an HTTP client thread once a ticket has a valid answer.
   *
   * @param attempts how many attempts it took, the successful one included
   * @param nanos from the first attempt's start to the valid answer, waits and retries included
   */
  void answered(String ticketId, int attempts, long nanos);
}
