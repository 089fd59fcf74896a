package com.evalops.harness.sampling;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stratified sample of one business day (data contract §10).
 *
 * @param ticketIds the sampled tickets, sorted by id
 * @param seed the seed that, with the same day, reproduces this sample
 * @param allocation stratum key ({@code channel|tier|intent group}) to the number of tickets drawn
 *     from it, for every non-empty stratum, sorted by key; a stratum can get 0 only when the day
 *     has more non-empty strata than the sample has tickets
 * @param requested the sample size asked for; more than {@code ticketIds.size()} on a small day
 */
public record DailySample(
    List<String> ticketIds, long seed, Map<String, Integer> allocation, int requested) {

  public DailySample {
    ticketIds = List.copyOf(ticketIds);
    allocation = Collections.unmodifiableMap(new TreeMap<>(allocation));
  }
}
