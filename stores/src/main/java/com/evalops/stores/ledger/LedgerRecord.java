package com.evalops.stores.ledger;

/** The content of a ledger entry; its id makes a retried append return the first one. */
public interface LedgerRecord {
  String entryId();
}
