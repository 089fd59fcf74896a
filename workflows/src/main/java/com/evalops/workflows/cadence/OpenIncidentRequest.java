package com.evalops.workflows.cadence;

import java.util.List;

/**
 * Asks for a regression incident on a scope, or to join the open one.
 *
 * @param scope the intent the flagged tickets were routed to, {@code daily-qa:<day>}, or {@code *}
 *     for every scope
 * @param alarm what raised it, e.g. {@code daily-qa-safety-violation}
 * @param harmPossible true sends the incident into safe mode at once (seed §3 step 1)
 * @param alarmId deterministic, so the incident can tell a retried alarm from a new one
 * @param source the runbook that raises it ({@code daily-qa}, {@code evaluation}); null for {@code
 *     daily-qa}. Added later: requests recorded before it read it as null
 */
public record OpenIncidentRequest(
    String scope,
    String alarm,
    boolean harmPossible,
    List<String> ticketIds,
    String alarmId,
    String source) {

  public OpenIncidentRequest {
    ticketIds = List.copyOf(ticketIds);
  }

  /** An alarm of the daily QA runbook. */
  public OpenIncidentRequest(
      String scope, String alarm, boolean harmPossible, List<String> ticketIds, String alarmId) {
    this(scope, alarm, harmPossible, ticketIds, alarmId, null);
  }
}
