package com.evalops.harness.recalibration;

/**
 * The lowest threshold whose automated answers meet the precision target with no unsafe automation,
 * or none (threshold null) with the reason.
 */
public record ThresholdRecommendation(Double threshold, double targetPrecision, String reason) {}
