package com.evalops.harness.evaluation;

/**
 * How far resumable routing had come: the partial predictions file durably held the predictions for
 * the first {@code routed} tickets, in ticket order, as its first {@code bytes} bytes.
 *
 * @param sha256 the SHA-256 (hex) of those bytes, so a resumed run can tell the file was not
 *     changed since
 */
public record RoutingCheckpoint(long routed, long bytes, String sha256) {}
