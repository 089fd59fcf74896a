package com.evalops.stores.ledger;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * What one person did about a decision (proposed, decided, approved, rejected, refused), when,
 * through which channel, with what comment.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ActorAction(
    String actor, String role, String action, Instant at, String channel, String comment) {}
