package com.evalops.workflows.incident;

import java.util.List;

/**
 * Recent production tickets of the scope for a recheck, none of them in an earlier sample of the
 * incident.
 *
 * @param round the recheck's number, which names the sample
 * @param excludeSamples the incident's earlier samples, by id: their tickets are left out
 */
public record RecheckSampleQuery(
    String scope,
    String incidentId,
    int round,
    int count,
    int windowDays,
    List<String> excludeSamples) {
  public RecheckSampleQuery {
    excludeSamples = List.copyOf(excludeSamples);
  }
}
