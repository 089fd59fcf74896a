package com.evalops.harness.release;

import static com.evalops.harness.release.ConfigOperation.disableTemplate;
import static com.evalops.harness.release.ConfigOperation.enableTemplate;
import static com.evalops.harness.release.ConfigOperation.holdSafeMode;
import static com.evalops.harness.release.ConfigOperation.releaseSafeMode;
import static com.evalops.harness.release.ConfigOperation.rollbackTo;
import static com.evalops.harness.release.ConfigOperation.setModel;
import static com.evalops.harness.release.ConfigOperation.setPrompt;
import static com.evalops.harness.release.ConfigOperation.setThreshold;
import static com.evalops.harness.release.DemoConfigs.V12;
import static com.evalops.harness.release.DemoConfigs.V14;
import static com.evalops.harness.release.DemoConfigs.change;
import static com.evalops.harness.release.ReleaseRules.Gate.EVALUATE;
import static com.evalops.harness.release.ReleaseRules.Gate.IMMEDIATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.harness.contract.RouterConfig;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** config-releases §3 (materiality) and §4 (release gate), judged on the demo data. */
class ReleaseRulesTest {
  private final DemoConfigs.Store store = DemoConfigs.store();

  private List<String> reasons(RouterConfig inForce, ConfigOperation... ops) {
    ConfigChange change = change(inForce, ops);
    assertEquals(List.of(), store.problems(change, inForce), "the change must be valid");
    return store.materialReasons(change, inForce);
  }

  private ReleaseRules.Gate gate(RouterConfig inForce, ConfigOperation... ops) {
    ConfigChange change = change(inForce, ops);
    assertEquals(List.of(), store.problems(change, inForce), "the change must be valid");
    return store.gate(change, inForce);
  }

  /** v14 with its own threshold for every leadership or Tier 0 intent, so global moves none. */
  private static RouterConfig v14WithOwnThresholdsForSensitiveIntents() {
    Map<String, Double> own = new TreeMap<>(V14.intentThresholds());
    DemoConfigs.TAXONOMY
        .intents()
        .forEach(
            (intent, policy) -> {
              if (policy.leadershipApproval() || policy.tier() == 0) {
                own.put(intent, 0.9);
              }
            });
    return V14.withThresholds(V14.confidenceThreshold(), own);
  }

  @Test
  void givenThresholdOnLeadershipIntent_whenJudged_thenMaterial() {
    assertEquals(
        List.of("touches leadership_approval intent fraud_report"),
        reasons(V14, setThreshold("fraud_report", 0.95)));
  }

  @Test
  void givenThresholdRaiseOnOrdinaryIntent_whenJudged_thenOneOnCallApproverSuffices() {
    assertEquals(List.of(), reasons(V14, setThreshold("fee_schedule", 0.9)));
    assertEquals(List.of(), reasons(V14, setThreshold("password_reset", 0.95)));
  }

  @Test
  void givenGlobalThresholdMovingLeadershipIntents_whenJudged_thenMaterialNamingThem() {
    List<String> reasons = reasons(V14, setThreshold("global", 0.9));

    assertTrue(reasons.contains("touches leadership_approval intent fraud_report"), "" + reasons);
    assertTrue(reasons.contains("touches leadership_approval intent refund_request"), "" + reasons);
  }

  @Test
  void givenGlobalThresholdMovingNoSensitiveIntent_whenJudged_thenNotMaterial() {
    assertEquals(
        List.of(), reasons(v14WithOwnThresholdsForSensitiveIntents(), setThreshold("global", 0.9)));
  }

  @Test
  void givenGlobalThresholdLoweringTier0Intent_whenJudged_thenMaterial() {
    List<String> reasons = reasons(V14, setThreshold("global", 0.8));

    assertTrue(reasons.contains("lowers the threshold of Tier 0 intent card_stolen"), "" + reasons);
  }

  @Test
  void givenTemplateEnabledOrDisabled_whenJudged_thenMaterial() {
    assertEquals(
        List.of("touches customer-facing template fee_schedule_v1"),
        reasons(V14, disableTemplate("fee_schedule_v1")));
    assertEquals(
        List.of(
            "touches customer-facing template card_delivery_eta_v2",
            "enables template card_delivery_eta_v2"),
        reasons(V14, enableTemplate("card_delivery_eta_v2")));
  }

  @Test
  void givenRollbackThatBringsBackAnotherModel_whenJudged_thenMaterialAndEvaluated() {
    assertEquals(List.of("changes model_version: m3 -> m5"), reasons(V12, rollbackTo("v14")));
    assertEquals(EVALUATE, gate(V12, rollbackTo("v14")));
  }

  @Test
  void givenModelOrPromptChange_whenJudged_thenMaterial() {
    assertEquals(List.of("changes model_version: m5 -> m6"), reasons(V14, setModel("m6")));
    assertEquals(List.of("changes prompt_version: p7 -> p8"), reasons(V14, setPrompt("p8")));
  }

  @Test
  void givenTier0ThresholdLowered_whenJudged_thenMaterialEvenWithoutLeadershipFlag() {
    assertEquals(
        List.of("lowers the threshold of Tier 0 intent card_stolen"),
        reasons(V14, setThreshold("card_stolen", 0.8)));
    assertEquals(List.of(), reasons(V14, setThreshold("card_stolen", 0.9)));
  }

  @Test
  void givenSafeModeReleasedOrHeld_whenJudged_thenOnlyTheReleaseIsMaterial() {
    RouterConfig held = V14.holding("billing", "inc-1");

    assertEquals(
        List.of("releases safe mode billing[inc-1]"),
        reasons(held, releaseSafeMode("billing", "inc-1")));
    assertEquals(List.of(), reasons(V14, holdSafeMode("billing", "inc-1")));
    assertEquals(List.of(), reasons(V14, holdSafeMode("*", "inc-1")));
  }

  @Test
  void givenOnlySaferOperations_whenGated_thenAppliedImmediately() {
    assertEquals(IMMEDIATE, gate(V14, holdSafeMode("risk", "inc-7")));
    assertEquals(IMMEDIATE, gate(V14, disableTemplate("fee_schedule_v1")));
    assertEquals(IMMEDIATE, gate(V14, setThreshold("fee_schedule", 0.9)));
    assertEquals(IMMEDIATE, gate(V14, setThreshold("global", 0.9)));
    assertEquals(
        IMMEDIATE,
        gate(
            V14,
            holdSafeMode("billing", "inc-1"),
            disableTemplate("fee_schedule_v1"),
            setThreshold("password_reset", 0.95)));
  }

  @Test
  void givenAnyOperationThatCanLowerSafety_whenGated_thenEvaluatedFirst() {
    assertEquals(EVALUATE, gate(V14, setThreshold("password_reset", 0.9)));
    assertEquals(EVALUATE, gate(V14, setThreshold("global", 0.8)));
    assertEquals(EVALUATE, gate(V14, enableTemplate("card_delivery_eta_v2")));
    assertEquals(EVALUATE, gate(V14, setModel("m6")));
    assertEquals(EVALUATE, gate(V14, setPrompt("p8")));
    assertEquals(EVALUATE, gate(V14, rollbackTo("v13")));
    assertEquals(
        EVALUATE, gate(V14.holding("billing", "inc-1"), releaseSafeMode("billing", "inc-1")));
    assertEquals(
        EVALUATE, gate(V14, holdSafeMode("billing", "inc-1"), setThreshold("fee_schedule", 0.8)));
  }
}
