package com.evalops.harness.release;

import static com.evalops.harness.release.ConfigOperation.disableTemplate;
import static com.evalops.harness.release.ConfigOperation.holdSafeMode;
import static com.evalops.harness.release.ConfigOperation.rollbackTo;
import static com.evalops.harness.release.ConfigOperation.setThreshold;
import static com.evalops.harness.release.DemoConfigs.V14;
import static com.evalops.harness.release.DemoConfigs.change;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.harness.contract.RouterConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** config-releases §1: a change re-applied on a config that moved, never reverting it silently. */
class RebaseTest {
  private final DemoConfigs.Store store = DemoConfigs.store();

  /** What another change, applied first, made of {@code base}, stored as {@code version}. */
  private RouterConfig landed(RouterConfig base, String version, ConfigOperation... ops) {
    ConfigChange other = change(base, ops);
    assertEquals(List.of(), store.problems(other, base));
    return store.candidate(other, base).withVersion(version);
  }

  @Test
  void givenChangesOnDifferentKeys_whenRebased_thenApprovalHoldsAndBothSurvive() {
    ConfigChange ours = change(V14, setThreshold("fee_schedule", 0.9));
    RouterConfig now = landed(V14, "v15", disableTemplate("card_delivery_eta_v1"));

    ReleaseRules.Rebase rebase = store.rebase(ours, V14, now);

    assertTrue(rebase.approvalHolds(), rebase.reason());
    assertEquals("v15", rebase.change().baseVersion());
    assertEquals(ours.digest(), rebase.change().digest());
    assertEquals("v15", rebase.candidate().configVersion());
    assertEquals(0.9, rebase.candidate().thresholdFor("fee_schedule"));
    assertFalse(rebase.candidate().templateEnabled("card_delivery_eta_v1"));
  }

  @Test
  void givenHoldsOfTwoIncidentsOnOneScope_whenRebased_thenBothHoldersKept() {
    ConfigChange ours = change(V14, holdSafeMode("billing", "inc-2"));
    RouterConfig now = landed(V14, "v15", holdSafeMode("billing", "inc-1"));

    ReleaseRules.Rebase rebase = store.rebase(ours, V14, now);

    assertTrue(rebase.approvalHolds(), rebase.reason());
    assertEquals(
        Map.of("billing", new TreeSet<>(Set.of("inc-1", "inc-2"))),
        rebase.candidate().safeModeScopes());
  }

  @Test
  void givenChangesOnTheSameKey_whenRebased_thenConflictShowsBothValues() {
    ConfigChange ours = change(V14, setThreshold("fee_schedule", 0.9));
    RouterConfig now = landed(V14, "v15", setThreshold("fee_schedule", 0.95));

    ReleaseRules.Rebase rebase = store.rebase(ours, V14, now);

    assertFalse(rebase.approvalHolds());
    assertEquals(
        List.of(new FieldChange("intent_thresholds.fee_schedule", "now 0.95", "proposed 0.9")),
        rebase.conflicts());
    assertTrue(rebase.reason().contains("0.95") && rebase.reason().contains("0.9"));
  }

  @Test
  void givenRollbackOverAChangeItWouldSetBack_whenRebased_thenConflictNotSilentRevert() {
    ConfigChange ours = change(V14, rollbackTo("v12"));
    RouterConfig now = landed(V14, "v15", setThreshold("fee_schedule", 0.95));

    ReleaseRules.Rebase rebase = store.rebase(ours, V14, now);

    assertFalse(rebase.approvalHolds());
    assertEquals(
        List.of(
            new FieldChange(
                "intent_thresholds.fee_schedule", "now 0.95", "proposed " + ConfigDiff.ABSENT)),
        rebase.conflicts());
  }

  @Test
  void givenRollbackOverASafeModeHold_whenRebased_thenHoldKeptAndApprovalHolds() {
    ConfigChange ours = change(V14, rollbackTo("v12"));
    RouterConfig now = landed(V14, "v15", holdSafeMode("risk", "inc-9"));

    ReleaseRules.Rebase rebase = store.rebase(ours, V14, now);

    assertTrue(rebase.approvalHolds(), rebase.reason());
    assertEquals("m3", rebase.candidate().modelVersion());
    assertTrue(rebase.candidate().routeOnly("fraud_report", "risk"));
  }

  @Test
  void givenRaiseThatBecameALowering_whenRebased_thenGateChangeSentBack() {
    ConfigChange ours = change(V14, setThreshold("fee_schedule", 0.9));
    RouterConfig now = landed(V14, "v15", setThreshold("global", 0.95));

    ReleaseRules.Rebase rebase = store.rebase(ours, V14, now);

    assertEquals(List.of(), rebase.conflicts());
    assertEquals(List.of("release gate changed from IMMEDIATE to EVALUATE"), rebase.classChanged());
    assertFalse(rebase.approvalHolds());
  }

  @Test
  void givenGlobalChangeThatNowMovesLeadershipIntents_whenRebased_thenMaterialityChangeSentBack() {
    Map<String, Double> own = new TreeMap<>(V14.intentThresholds());
    DemoConfigs.TAXONOMY
        .intents()
        .forEach(
            (intent, policy) -> {
              if (policy.leadershipApproval() || policy.tier() == 0) {
                own.put(intent, 0.9);
              }
            });
    RouterConfig approvedOn = V14.withThresholds(V14.confidenceThreshold(), own).withVersion("v15");
    DemoConfigs.Store withV15 = DemoConfigs.store(approvedOn);
    ConfigChange ours = change(approvedOn, setThreshold("global", 0.95));
    assertEquals(List.of(), withV15.materialReasons(ours, approvedOn));
    RouterConfig now = withV15.candidate(change(approvedOn, rollbackTo("v14")), approvedOn);

    ReleaseRules.Rebase rebase = withV15.rebase(ours, approvedOn, now.withVersion("v16"));

    assertEquals(List.of(), rebase.conflicts());
    assertEquals(List.of("materiality changed: now needs leadership"), rebase.classChanged());
  }

  @Test
  void givenOperationNoLongerValid_whenRebased_thenProblemAndNoCandidate() {
    ConfigChange ours = change(V14, disableTemplate("fee_schedule_v1"));
    RouterConfig now = landed(V14, "v15", disableTemplate("fee_schedule_v1"));

    ReleaseRules.Rebase rebase = store.rebase(ours, V14, now);

    assertFalse(rebase.approvalHolds());
    assertNull(rebase.candidate());
    assertEquals("operations[0].target", rebase.problems().get(0).field());
  }
}
