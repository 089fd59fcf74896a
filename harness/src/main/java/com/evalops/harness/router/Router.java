package com.evalops.harness.router;

import com.evalops.harness.contract.Prediction;
import com.evalops.harness.contract.RoutableTicket;
import java.util.List;
import java.util.function.Consumer;

/**
 * The system under test: something that routes tickets. Implementations: replay (recorded
 * predictions), http (a routing service) and reference (a local text classifier).
 */
public interface Router extends AutoCloseable {

  /** A short description for reports and logs, e.g. {@code reference(m3)}. */
  String describe();

  /**
   * Routes every ticket and hands each prediction to {@code sink}, in the order of {@code tickets}.
   * {@code progress} is told how many tickets are done so far.
   *
   * @throws RouterException when a ticket cannot be routed after the router's own retries
   */
  void routeAll(List<RoutableTicket> tickets, Consumer<Prediction> sink, RoutingProgress progress);

  @Override
  default void close() {}
}
