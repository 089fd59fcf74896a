package com.evalops.workflows.cadence;

import com.evalops.harness.sampling.StratifiedSampler;

/**
 * One business day's QA sampling.
 *
 * @param day ISO date ({@code 2025-12-15}) of the routing-log entries to sample; names the run, so
 *     a second start for the same day finds the first
 * @param sampleSize 20–50 tickets; 0 means the default of 30 (data contract §10)
 * @param seed recorded so the same day and seed give the same sample
 * @param settings null means {@link DailyQaSettings#defaults()}
 */
public record DailyQaRequest(
    String day, int sampleSize, long seed, String requestedBy, DailyQaSettings settings) {

  public DailyQaRequest {
    sampleSize = sampleSize == 0 ? StratifiedSampler.DEFAULT_SAMPLE_SIZE : sampleSize;
    settings = settings == null ? DailyQaSettings.defaults() : settings;
  }
}
