package com.evalops.harness.recalibration;

/** Agents overrode {@code count} tickets to {@code intent}, which the taxonomy does not have. */
public record NewIntentSignal(String intent, long count) {}
