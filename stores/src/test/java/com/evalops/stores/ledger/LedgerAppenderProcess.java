package com.evalops.stores.ledger;

import java.nio.file.Path;
import java.util.List;

/** A second worker process for the cross-process test: appends {@code count} decisions. */
public final class LedgerAppenderProcess {
  private LedgerAppenderProcess() {}

  public static void main(String[] args) {
    LocalLedger<DecisionEntry> ledger = LocalLedger.decisionLog(Path.of(args[0]));
    int count = Integer.parseInt(args[2]);
    for (int i = 0; i < count; i++) {
      ledger.append(
          new DecisionEntry(
              args[1] + "-" + i,
              "run-" + args[1] + "-" + i,
              "weekly",
              "PASS",
              "accept",
              List.of(),
              null,
              "v14",
              null,
              List.of(),
              null,
              null));
    }
  }
}
