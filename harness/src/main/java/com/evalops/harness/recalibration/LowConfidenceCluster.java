package com.evalops.harness.recalibration;

/**
 * A word pair frequent among the tickets the router was unsure of: a hint of a topic the taxonomy
 * may miss. {@code bigram} holds two lower-case words from sanitized text, never numbers.
 */
public record LowConfidenceCluster(String bigram, long count) {}
