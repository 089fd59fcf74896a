package com.evalops.workflows.cadence;

import java.util.List;
import java.util.Map;

/**
 * The drawn sample by reference (claim check): ids, counts and where the sanitized entries are,
 * never ticket text.
 *
 * @param ticketIds sorted by id
 * @param predictedIntents ticket id to the intent the router predicted, so that flagged tickets
 *     open incidents scoped to the intent they were routed to
 * @param allocation stratum ({@code channel|tier|intent group}) to tickets drawn from it
 * @param ref URI of the sanitized sample file the labeling queue shows
 * @param sourceSha256 SHA-256 of the routing log the sample was drawn from
 */
public record QaSample(
    String sampleId,
    String day,
    List<String> ticketIds,
    Map<String, String> predictedIntents,
    Map<String, Integer> allocation,
    long seed,
    String ref,
    String sourceSha256) {

  public QaSample {
    ticketIds = List.copyOf(ticketIds);
    predictedIntents = Map.copyOf(predictedIntents);
    allocation = Map.copyOf(allocation);
  }
}
