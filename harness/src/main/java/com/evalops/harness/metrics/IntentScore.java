package com.evalops.harness.metrics;

/** One label's row of the classification report. */
public record IntentScore(double precision, double recall, double f1, long support) {}
