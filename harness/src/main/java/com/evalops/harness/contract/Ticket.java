package com.evalops.harness.contract;

import java.time.Instant;
import java.util.List;

/**
 * A labeled ticket of a golden or sample set (data contract §1).
 *
 * @param template the correct auto-reply template, or null when none applies
 * @param safetyFlags optional; empty when absent
 * @param notes optional; null when absent
 */
public record Ticket(
    String ticketId,
    Instant createdAt,
    Channel channel,
    String text,
    String intent,
    String team,
    int tier,
    String template,
    List<String> safetyFlags,
    String notes) {

  public Ticket {
    safetyFlags = safetyFlags == null ? List.of() : List.copyOf(safetyFlags);
  }

  /** The ticket as the router sees it: no gold labels. */
  public RoutableTicket routable() {
    return new RoutableTicket(ticketId, createdAt, channel, text);
  }
}
