package com.evalops.harness.router;

/** Told how far routing has come; long runs print or heartbeat from it. */
@FunctionalInterface
public interface RoutingProgress {
  RoutingProgress NONE = (done, total) -> {};

  void routed(long done, long total);
}
