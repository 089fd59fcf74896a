package com.evalops.harness.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.harness.contract.Channel;
import com.evalops.harness.contract.Prediction;
import com.evalops.harness.contract.RouterConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Tier2GatesTest {
  private final Tier2Gates prodGates =
      new Tier2Gates(PolicyFixtures.taxonomy().tier2Policy(), PolicyFixtures.config(0.85, false));

  private static Prediction prediction(
      String intent, int tier, String template, double confidence) {
    return new Prediction("t-1", intent, "cards", tier, template, confidence, true, "p7", "m3");
  }

  private static Prediction eligible() {
    return prediction("card_delivery_eta", 2, "card_delivery_eta_v1", 0.95);
  }

  @Test
  void givenEligiblePrediction_whenChecked_thenNoRefusal() {
    assertEquals(List.of(), prodGates.refusals(eligible(), Channel.LIVECHAT));
    assertTrue(prodGates.allows(eligible(), Channel.EMAIL));
  }

  @Test
  void givenTier1Prediction_whenChecked_thenTierAndIntentRefused() {
    Prediction refund = prediction("refund_request", 1, "refund_request_v1", 0.99);

    assertEquals(
        List.of(
            Tier2Gates.TIER_NOT_2, Tier2Gates.INTENT_NOT_ALLOWED, Tier2Gates.TEMPLATE_NOT_ALLOWED),
        prodGates.refusals(refund, Channel.EMAIL));
  }

  @Test
  void givenTier2IntentOutsideAllowedIntents_whenChecked_thenIntentNotAllowed() {
    Prediction other = prediction("refund_request", 2, "card_delivery_eta_v1", 0.99);

    assertTrue(prodGates.refusals(other, Channel.EMAIL).contains(Tier2Gates.INTENT_NOT_ALLOWED));
    assertFalse(prodGates.refusals(other, Channel.EMAIL).contains(Tier2Gates.TIER_NOT_2));
  }

  @Test
  void givenNoTemplate_whenChecked_thenNoTemplateOnly() {
    Prediction bare = prediction("card_delivery_eta", 2, null, 0.99);

    assertEquals(List.of(Tier2Gates.NO_TEMPLATE), prodGates.refusals(bare, Channel.EMAIL));
  }

  @Test
  void givenTemplateNotAllowedAndDisabled_whenChecked_thenBothReasons() {
    Prediction v0 = prediction("card_delivery_eta", 2, "card_delivery_eta_v0", 0.99);

    assertEquals(
        List.of(Tier2Gates.TEMPLATE_NOT_ALLOWED, Tier2Gates.TEMPLATE_DISABLED),
        prodGates.refusals(v0, Channel.EMAIL));
  }

  @Test
  void givenConfidenceUnderPolicyFloorButOverConfigThreshold_whenChecked_thenBelowThreshold() {
    Tier2Gates lenientConfig =
        new Tier2Gates(PolicyFixtures.taxonomy().tier2Policy(), PolicyFixtures.config(0.5, false));
    Prediction unsure = prediction("card_delivery_eta", 2, "card_delivery_eta_v1", 0.79);

    assertEquals(0.80, lenientConfig.threshold("card_delivery_eta"));
    assertEquals(
        List.of(Tier2Gates.BELOW_THRESHOLD), lenientConfig.refusals(unsure, Channel.EMAIL));
  }

  @Test
  void givenIntentThresholdOverPolicyFloor_whenChecked_thenIntentThresholdApplies() {
    Tier2Gates strict =
        new Tier2Gates(
            PolicyFixtures.taxonomy().tier2Policy(),
            PolicyFixtures.config(0.85, Map.of("card_delivery_eta", 0.97), false));

    assertEquals(List.of(Tier2Gates.BELOW_THRESHOLD), strict.refusals(eligible(), Channel.EMAIL));
    assertTrue(
        strict.allows(
            prediction("card_delivery_eta", 2, "card_delivery_eta_v1", 0.97), Channel.EMAIL));
  }

  @Test
  void givenChannelOutsidePolicy_whenChecked_thenChannelNotAllowed() {
    Tier2Gates emailOnly =
        new Tier2Gates(
            PolicyFixtures.taxonomy(Set.of(Channel.EMAIL)).tier2Policy(),
            PolicyFixtures.config(0.85, false));

    assertEquals(
        List.of(Tier2Gates.CHANNEL_NOT_ALLOWED), emailOnly.refusals(eligible(), Channel.LIVECHAT));
    assertTrue(emailOnly.allows(eligible(), Channel.EMAIL));
  }

  @Test
  void givenSafeMode_whenChecked_thenSafeModeRefusesEvenEligiblePrediction() {
    Tier2Gates safe =
        new Tier2Gates(PolicyFixtures.taxonomy().tier2Policy(), PolicyFixtures.config(0.85, true));

    assertEquals(List.of(Tier2Gates.SAFE_MODE), safe.refusals(eligible(), Channel.EMAIL));
  }

  @Test
  void givenSafeModeHeldForTheTicketsTeam_whenChecked_thenRouteOnly() {
    Tier2Gates cardsHeld =
        new Tier2Gates(
            PolicyFixtures.taxonomy().tier2Policy(),
            PolicyFixtures.config(0.85, false).holding("cards", "inc-1"));

    assertEquals(List.of(Tier2Gates.SAFE_MODE), cardsHeld.refusals(eligible(), Channel.EMAIL));
  }

  @Test
  void givenSafeModeHeldForAnotherTeam_whenChecked_thenAutomationAllowed() {
    Tier2Gates billingHeld =
        new Tier2Gates(
            PolicyFixtures.taxonomy().tier2Policy(),
            PolicyFixtures.config(0.85, false).holding("billing", "inc-1"));

    assertTrue(billingHeld.allows(eligible(), Channel.EMAIL));
  }

  @Test
  void givenSafeModeHeldForTheTicketsIntent_whenChecked_thenRouteOnly() {
    Tier2Gates intentHeld =
        new Tier2Gates(
            PolicyFixtures.taxonomy().tier2Policy(),
            PolicyFixtures.config(0.85, false).holding("card_delivery_eta", "inc-1"));

    assertEquals(List.of(Tier2Gates.SAFE_MODE), intentHeld.refusals(eligible(), Channel.EMAIL));
  }

  @Test
  void givenSafeModeHeldForTheIntentsTeam_whenTheRouterReportsAnotherTeam_thenStillRouteOnly() {
    Prediction misreported =
        new Prediction(
            eligible().ticketId(),
            eligible().intent(),
            "billing",
            eligible().tier(),
            eligible().template(),
            eligible().confidence(),
            eligible().automated(),
            eligible().promptVersion(),
            eligible().modelVersion());
    RouterConfig cardsHeld = PolicyFixtures.config(0.85, false).holding("cards", "inc-1");

    assertTrue(
        new Tier2Gates(PolicyFixtures.taxonomy().tier2Policy(), cardsHeld)
            .allows(misreported, Channel.EMAIL),
        "judged on the router's word alone");
    assertEquals(
        List.of(Tier2Gates.SAFE_MODE),
        new Tier2Gates(PolicyFixtures.taxonomy(), cardsHeld).refusals(misreported, Channel.EMAIL));
  }
}
