package com.evalops.activities.audit;

import com.evalops.stores.ledger.DecisionEntry;
import com.evalops.stores.ledger.Ledger;
import com.evalops.stores.ledger.LedgerEntry;
import java.util.List;
import java.util.Optional;

/**
 * Which run is the accepted baseline of a golden-set version: the newest Decision Log entry that
 * accepted a PASS of that version as baseline. The log stays the one source of who decided what;
 * the evaluation runbook, the weekly regression and the console all ask here.
 */
public final class AcceptedBaselines {
  public static final String ACCEPTED_AS_BASELINE = "accepted_as_baseline";

  private AcceptedBaselines() {}

  public static Optional<String> latest(Ledger<DecisionEntry> decisionLog, String goldenVersion) {
    List<LedgerEntry<DecisionEntry>> accepted =
        decisionLog.read(
            entry ->
                ACCEPTED_AS_BASELINE.equals(entry.decision())
                    && "PASS".equals(entry.verdict())
                    && goldenVersion != null
                    && goldenVersion.equals(entry.datasetVersion()));
    return accepted.isEmpty()
        ? Optional.empty()
        : Optional.of(accepted.get(accepted.size() - 1).content().runId());
  }
}
