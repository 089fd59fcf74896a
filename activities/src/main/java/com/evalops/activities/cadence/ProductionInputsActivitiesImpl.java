package com.evalops.activities.cadence;

import com.evalops.activities.audit.AcceptedBaselines;
import com.evalops.stores.config.RouterConfigStore;
import com.evalops.stores.ledger.DecisionEntry;
import com.evalops.stores.ledger.Ledger;
import com.evalops.workflows.cadence.ProductionInputs;
import com.evalops.workflows.cadence.ProductionInputsActivities;

/**
 * The config in force comes from the config store; the baseline is the accepted baseline of the
 * current golden version, as {@link AcceptedBaselines} finds it in the Decision Log.
 */
public final class ProductionInputsActivitiesImpl implements ProductionInputsActivities {
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
    return new ProductionInputs(
        configs.current().configVersion(),
        currentGoldenVersion,
        AcceptedBaselines.latest(decisionLog, currentGoldenVersion).orElse(null));
  }
}
