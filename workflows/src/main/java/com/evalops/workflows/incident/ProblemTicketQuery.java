package com.evalops.workflows.incident;

/**
 * Recent problem tickets of a scope: overridden, low confidence, low CSAT.
 *
 * @param incidentId the incident the sample is for, which names it; null for incidents opened
 *     before incidents had ids of their own (their sample is named by scope and day)
 */
public record ProblemTicketQuery(String scope, int windowDays, int count, String incidentId) {
  public ProblemTicketQuery(String scope, int windowDays, int count) {
    this(scope, windowDays, count, null);
  }
}
