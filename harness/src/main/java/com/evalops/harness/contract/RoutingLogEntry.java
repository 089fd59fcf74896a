package com.evalops.harness.contract;

import java.time.Instant;

/**
 * One production routing decision (data contract §5): the ticket without gold labels, the router's
 * prediction, and what happened after.
 *
 * @param override null when no agent corrected the route
 * @param csat 1..5, or null when the customer gave no rating
 */
public record RoutingLogEntry(
    String ticketId,
    Instant createdAt,
    Channel channel,
    String text,
    Prediction prediction,
    AgentOverride override,
    Integer csat) {

  public RoutableTicket routable() {
    return new RoutableTicket(ticketId, createdAt, channel, text);
  }
}
