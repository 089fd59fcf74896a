package com.evalops.workflows.cadence;

import java.util.List;

/**
 * What the regression incident receives, as its start argument and as its {@code alarm} signal: the
 * scope, what raised the alarm and the tickets behind it, by id.
 */
public record IncidentAlarm(
    String alarmId,
    String scope,
    String alarm,
    boolean harmPossible,
    List<String> ticketIds,
    String source) {

  public IncidentAlarm {
    ticketIds = List.copyOf(ticketIds);
  }
}
