package com.evalops.workflows.cadence;

import com.evalops.harness.sampling.StratifiedSampler;

/**
 * One business day's QA sampling.
 *
 * @param day ISO date ({@code 2025-12-15}) of the routing-log entries to sample; names the run, so
 *     a second start for the same day finds the first. Null or blank (a scheduled run): the
 *     previous business day in {@code zone}, see {@link CadencePeriods}
 * @param sampleSize 20–50 tickets; 0 means the default of 30 (data contract §10)
 * @param seed recorded so the same day and seed give the same sample
 * @param settings null means {@link DailyQaSettings#defaults()}
 * @param zone IANA time zone in which a missing {@code day} is derived; null or blank for UTC.
 *     Added later: requests recorded before it read it as null
 */
public record DailyQaRequest(
    String day,
    int sampleSize,
    long seed,
    String requestedBy,
    DailyQaSettings settings,
    String zone) {

  public DailyQaRequest {
    sampleSize = sampleSize == 0 ? StratifiedSampler.DEFAULT_SAMPLE_SIZE : sampleSize;
    settings = settings == null ? DailyQaSettings.defaults() : settings;
  }

  /** A request for an explicit day, which needs no zone. */
  public DailyQaRequest(
      String day, int sampleSize, long seed, String requestedBy, DailyQaSettings settings) {
    this(day, sampleSize, seed, requestedBy, settings, null);
  }
}
