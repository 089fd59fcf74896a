package com.evalops.stores.ledger;

import com.evalops.stores.storage.Sha256;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one ledger instance has read of its chain so far: each entry's hash (the last one is what
 * the next entry must follow, any one may be named by the signed head), whether one was written
 * with a signed head, and every entry by {@code entry_id} for idempotent appends. Not thread-safe;
 * each ledger guards its own.
 */
final class ChainHead<T extends LedgerRecord> {
  private final List<String> sha256s = new ArrayList<>();
  private long firstAnchored;
  private final Map<String, LedgerEntry<T>> byEntryId = new HashMap<>();

  long lastSeq() {
    return sha256s.size();
  }

  /** The hash of entry {@code seq}, from 1 to {@link #lastSeq()}. */
  String sha256(long seq) {
    return sha256s.get(Math.toIntExact(seq - 1));
  }

  /** The seq of the first entry written with a signed head; 0 when none was. */
  long firstAnchored() {
    return firstAnchored;
  }

  LedgerEntry<T> next(T record, Instant recordedAt) {
    return new LedgerEntry<>(lastSeq() + 1, lastSha256(), recordedAt, record, true);
  }

  /** Whether a stored entry is the one that comes right after the head. */
  boolean isNext(LedgerEntry<T> entry) {
    return entry.seq() == lastSeq() + 1 && lastSha256().equals(entry.prevSha256());
  }

  /** Moves the head to an entry stored with exactly {@code bytes}. */
  void advance(LedgerEntry<T> entry, byte[] bytes) {
    sha256s.add(Sha256.of(bytes));
    if (entry.anchored() && firstAnchored == 0) {
      firstAnchored = entry.seq();
    }
    byEntryId.putIfAbsent(entry.content().entryId(), entry);
  }

  Optional<LedgerEntry<T>> find(String entryId) {
    return Optional.ofNullable(byEntryId.get(entryId));
  }

  /** The hash of the last entry; the genesis hash when there is none. */
  String lastSha256() {
    return sha256s.isEmpty() ? LedgerEntry.GENESIS_SHA256 : sha256s.get(sha256s.size() - 1);
  }
}
