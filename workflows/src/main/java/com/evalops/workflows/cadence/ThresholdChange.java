package com.evalops.workflows.cadence;

/** The global confidence threshold from {@code from} to {@code to}; per-intent entries stay. */
public record ThresholdChange(double from, double to, String reason) {}
