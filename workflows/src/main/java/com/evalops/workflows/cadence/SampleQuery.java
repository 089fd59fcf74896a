package com.evalops.workflows.cadence;

/** Which day of the routing log to sample, how many tickets, with which seed. */
public record SampleQuery(String day, int sampleSize, long seed) {}
