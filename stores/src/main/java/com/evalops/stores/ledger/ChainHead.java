package com.evalops.stores.ledger;

import com.evalops.stores.storage.Sha256;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one ledger instance has read of its chain so far: the last entry's seq and hash, which the
 * next entry must follow, and every entry by {@code entry_id} for idempotent appends. Not
 * thread-safe; each ledger guards its own.
 */
final class ChainHead<T extends LedgerRecord> {
  private long lastSeq;
  private String lastSha256 = LedgerEntry.GENESIS_SHA256;
  private final Map<String, LedgerEntry<T>> byEntryId = new HashMap<>();

  long lastSeq() {
    return lastSeq;
  }

  LedgerEntry<T> next(T record, Instant recordedAt) {
    return new LedgerEntry<>(lastSeq + 1, lastSha256, recordedAt, record);
  }

  /** Whether a stored entry is the one that comes right after the head. */
  boolean isNext(LedgerEntry<T> entry) {
    return entry.seq() == lastSeq + 1 && lastSha256.equals(entry.prevSha256());
  }

  /** Moves the head to an entry stored with exactly {@code bytes}. */
  void advance(LedgerEntry<T> entry, byte[] bytes) {
    lastSeq = entry.seq();
    lastSha256 = Sha256.of(bytes);
    byEntryId.putIfAbsent(entry.content().entryId(), entry);
  }

  Optional<LedgerEntry<T>> find(String entryId) {
    return Optional.ofNullable(byEntryId.get(entryId));
  }
}
