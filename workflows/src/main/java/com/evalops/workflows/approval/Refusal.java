package com.evalops.workflows.approval;

import java.time.Instant;

/** An attempt a validator refused, kept for auditors; it changed nothing else. */
public record Refusal(Instant at, Actor actor, String requestId, String reason) {}
