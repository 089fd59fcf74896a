package com.evalops.harness.evaluation;

/** Exactly the data a run scored: what {@code metrics.json} records under {@code dataset}. */
public record DatasetInfo(String kind, String version, String sha256, long count) {}
