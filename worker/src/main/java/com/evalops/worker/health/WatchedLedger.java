package com.evalops.worker.health;

import com.evalops.stores.ledger.Ledger;
import com.evalops.stores.ledger.LedgerEntry;
import com.evalops.stores.ledger.LedgerRecord;
import com.evalops.stores.ledger.Verification;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** A ledger whose appends report to {@link StoreWrites}; reads pass straight through. */
public final class WatchedLedger<T extends LedgerRecord> implements Ledger<T> {
  private final Ledger<T> ledger;
  private final StoreWrites writes;
  private final StoreWrites.Store store;
  private final String where;

  public WatchedLedger(
      Ledger<T> ledger, StoreWrites writes, StoreWrites.Store store, String where) {
    this.ledger = ledger;
    this.writes = writes;
    this.store = store;
    this.where = where;
  }

  @Override
  public LedgerEntry<T> append(T record) {
    try {
      LedgerEntry<T> entry = ledger.append(record);
      writes.succeeded(store);
      return entry;
    } catch (RuntimeException e) {
      writes.failed(store, where, e);
      throw e;
    }
  }

  @Override
  public Optional<LedgerEntry<T>> find(String entryId) {
    return ledger.find(entryId);
  }

  @Override
  public List<LedgerEntry<T>> list() {
    return ledger.list();
  }

  @Override
  public List<LedgerEntry<T>> read(Predicate<? super T> filter) {
    return ledger.read(filter);
  }

  @Override
  public Verification verify() {
    return ledger.verify();
  }
}
