package com.evalops.harness.router;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.evalops.harness.contract.Channel;
import com.evalops.harness.contract.IntentPolicy;
import com.evalops.harness.contract.Prediction;
import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.Taxonomy;
import com.evalops.harness.contract.TemplateSetting;
import com.evalops.harness.contract.Tier2Policy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The gates the harness re-checks every automated answer with (data contract §6). */
class Tier2GatesTest {
  private static final Taxonomy TAXONOMY =
      new Taxonomy(
          "2025-12-01",
          new TreeMap<>(
              Map.of(
                  "eta", new IntentPolicy("cards", 2, false),
                  "refund", new IntentPolicy("billing", 1, true))),
          new TreeMap<>(Map.of("eta_v1", "eta", "eta_v2", "eta")),
          new Tier2Policy(
              Set.of("eta"),
              Map.of("eta", Set.of("eta_v1", "eta_v2")),
              0.80,
              Set.of(Channel.EMAIL)));

  /** No intent override: the global 0.85 is in force, above the policy's 0.80. */
  private static RouterConfig config(boolean safeMode) {
    return new RouterConfig(
        "v1",
        "p1",
        "m1",
        0.85,
        new TreeMap<>(),
        new TreeMap<>(Map.of("eta_v1", new TemplateSetting(true))),
        safeMode);
  }

  private static Prediction prediction(
      String intent, int tier, String template, double confidence) {
    return new Prediction("t1", intent, "cards", tier, template, confidence, true, "p1", "m1");
  }

  private static List<String> refusals(Prediction p, Channel channel, boolean safeMode) {
    return Tier2Gates.refusals(p, channel, TAXONOMY, config(safeMode));
  }

  @Test
  void givenConfidenceAtGlobalThreshold_whenChecked_thenAllowed() {
    assertEquals(List.of(), refusals(prediction("eta", 2, "eta_v1", 0.85), Channel.EMAIL, false));
  }

  @Test
  void givenConfidenceUnderGlobalThresholdButOverMinConfidence_whenChecked_thenBelowThreshold() {
    assertEquals(
        List.of(Tier2Gates.BELOW_THRESHOLD),
        refusals(prediction("eta", 2, "eta_v1", 0.84), Channel.EMAIL, false));
  }

  @Test
  void givenNoTemplate_whenChecked_thenTemplateNotAllowed() {
    assertEquals(
        List.of(Tier2Gates.TEMPLATE_NOT_ALLOWED),
        refusals(prediction("eta", 2, null, 0.9), Channel.EMAIL, false));
  }

  @Test
  void givenTemplateMissingFromConfig_whenChecked_thenDisabled() {
    assertEquals(
        List.of(Tier2Gates.TEMPLATE_DISABLED),
        refusals(prediction("eta", 2, "eta_v2", 0.9), Channel.EMAIL, false));
  }

  @Test
  void givenEveryGateBroken_whenChecked_thenEveryReasonInOrder() {
    assertEquals(
        List.of(
            Tier2Gates.TIER_NOT_2,
            Tier2Gates.INTENT_NOT_ALLOWED,
            Tier2Gates.TEMPLATE_NOT_ALLOWED,
            Tier2Gates.TEMPLATE_DISABLED,
            Tier2Gates.BELOW_THRESHOLD,
            Tier2Gates.CHANNEL_NOT_ALLOWED,
            Tier2Gates.SAFE_MODE),
        refusals(prediction("refund", 1, "eta_v2", 0.5), Channel.LIVECHAT, true));
  }
}
