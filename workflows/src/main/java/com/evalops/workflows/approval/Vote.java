package com.evalops.workflows.approval;

import java.time.Instant;

/** A vote the book accepted. */
public record Vote(
    String requestId,
    Actor actor,
    boolean approve,
    String comment,
    Instant at,
    String idempotencyKey) {}
