package com.evalops.stores.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * One line of a ledger: {@code
 * {"seq":..,"prev_sha256":..,"recorded_at":..,"content":{..},"anchored":true}}. {@code prevSha256}
 * is the SHA-256 of the previous line's exact bytes (without its newline), or {@link
 * #GENESIS_SHA256} for the first entry. {@code anchored} says the writer also signed the ledger's
 * head ({@link SignedHead}); entries written before heads existed lack it, and once an entry has
 * it, a missing head is a deleted one.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LedgerEntry<T extends LedgerRecord>(
    long seq,
    String prevSha256,
    Instant recordedAt,
    T content,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean anchored) {
  /** The fixed "previous hash" of entry 1. */
  public static final String GENESIS_SHA256 = "0".repeat(64);
}
