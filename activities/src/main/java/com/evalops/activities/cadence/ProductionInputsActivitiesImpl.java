package com.evalops.activities.cadence;

import com.evalops.activities.config.RouterConfigStore;
import com.evalops.activities.ledger.DecisionEntry;
import com.evalops.activities.ledger.Ledger;
import com.evalops.activities.ledger.LedgerEntry;
import com.evalops.workflows.cadence.ProductionInputs;
import com.evalops.workflows.cadence.ProductionInputsActivities;
import java.util.List;

/**
 * The config in force comes from the config store; the baseline is the newest run the Decision Log
 * records as accepted as baseline, so the log stays the one source of who decided what.
 */
public final class ProductionInputsActivitiesImpl implements ProductionInputsActivities {
  static final String ACCEPTED_AS_BASELINE = "accepted_as_baseline";

  private final RouterConfigStore configs;
  private final Ledger<DecisionEntry> decisionLog;
  private final String currentGoldenVersion;

  public ProductionInputsActivitiesImpl(
      RouterConfigStore configs, Ledger<DecisionEntry> decisionLog, String currentGoldenVersion) {
    this.configs = configs;
    this.decisionLog = decisionLog;
    this.currentGoldenVersion = currentGoldenVersion;
  }

  @Override
  public ProductionInputs productionInputs() {
    List<LedgerEntry<DecisionEntry>> baselines =
        decisionLog.read(entry -> ACCEPTED_AS_BASELINE.equals(entry.decision()));
    String baseline =
        baselines.isEmpty() ? null : baselines.get(baselines.size() - 1).content().runId();
    return new ProductionInputs(configs.current().configVersion(), currentGoldenVersion, baseline);
  }
}
