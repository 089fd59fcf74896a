package com.evalops.workflows.cadence;

import java.util.List;

/**
 * Asks for a regression incident on a scope, or to join the open one.
 *
 * @param scope the intent the flagged tickets were routed to, or {@code daily-qa:<day>}
 * @param alarm what raised it, e.g. {@code daily-qa-safety-violation}
 * @param harmPossible true sends the incident into safe mode at once (seed §3 step 1)
 * @param alarmId deterministic, so the incident can tell a retried alarm from a new one
 */
public record OpenIncidentRequest(
    String scope, String alarm, boolean harmPossible, List<String> ticketIds, String alarmId) {

  public OpenIncidentRequest {
    ticketIds = List.copyOf(ticketIds);
  }
}
