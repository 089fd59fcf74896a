package com.evalops.harness.metrics;

/**
 * Tier 0 (safety-critical) outcomes: {@code fn} gold tier 0 routed elsewhere, {@code fp} routed to
 * tier 0 although gold is not, {@code tp} both tier 0.
 */
public record Tier0Counts(long tp, long fn, long fp) {}
