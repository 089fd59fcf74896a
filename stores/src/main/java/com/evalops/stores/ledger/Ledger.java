package com.evalops.stores.ledger;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * An append-only log where each entry carries the SHA-256 of the one before it, and a signed head
 * names the last one, so an edited, deleted or reordered entry, the last one included, is found by
 * {@link #verify()}.
 */
public interface Ledger<T extends LedgerRecord> {
  /**
   * Appends the record as the next entry, or returns the existing entry when one with the same
   * {@code entry_id} is already in the ledger (a retried activity appends once).
   */
  LedgerEntry<T> append(T record);

  Optional<LedgerEntry<T>> find(String entryId);

  /** Every entry, in order. */
  List<LedgerEntry<T>> list();

  /** The entries whose content matches, in order. */
  List<LedgerEntry<T>> read(Predicate<? super T> filter);

  /** Checks the chain and the signed head; writes nothing, so a read-only store can be checked. */
  Verification verify();
}
