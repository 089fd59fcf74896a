package com.evalops.harness.router.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.harness.contract.Channel;
import com.evalops.harness.contract.Prediction;
import com.evalops.harness.contract.RoutableTicket;
import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.Ticket;
import com.evalops.harness.router.PolicyFixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReferenceRouterTest {
  private static final Instant AT = Instant.parse("2025-12-01T09:30:00Z");

  private static final List<Ticket> TRAINING =
      List.of(
          labeled("where is my new card it has not arrived", "card_delivery_eta", "cards", 2),
          labeled("when will my card be delivered", "card_delivery_eta", "cards", 2),
          labeled("card delivery is taking too long where is it", "card_delivery_eta", "cards", 2),
          labeled("I want a refund for my order", "refund_request", "billing", 1),
          labeled("please refund the money for this purchase", "refund_request", "billing", 1),
          labeled("give me my money back refund", "refund_request", "billing", 1),
          labeled("fraud on my account I did not make these payments", "fraud_report", "risk", 0),
          labeled("someone is using my account fraudulently", "fraud_report", "risk", 0));

  private static Ticket labeled(String text, String intent, String team, int tier) {
    return new Ticket(
        "train-" + text.hashCode(), AT, Channel.EMAIL, text, intent, team, tier, null, null, null);
  }

  private static RoutableTicket ticket(String id, Channel channel, String text) {
    return new RoutableTicket(id, AT, channel, text);
  }

  private static Prediction routeOne(RouterConfig config, Channel channel, String text) {
    ReferenceRouter router = new ReferenceRouter(TRAINING, PolicyFixtures.taxonomy(), config);
    return router.route(ticket("t-1", channel, text));
  }

  @Test
  void givenDeliveryQuestion_whenRouted_thenTier2WithFirstEnabledTemplateAndAutomated() {
    Prediction prediction =
        routeOne(PolicyFixtures.config(0.85, false), Channel.LIVECHAT, "where is my card");

    assertEquals("card_delivery_eta", prediction.intent());
    assertEquals("cards", prediction.team());
    assertEquals(2, prediction.tier());
    assertEquals("card_delivery_eta_v1", prediction.template(), "v0 sorts first but is disabled");
    assertTrue(prediction.confidence() >= 0.85, "confidence " + prediction.confidence());
    assertTrue(prediction.automated());
    assertEquals("p7", prediction.promptVersion());
    assertEquals("m3", prediction.modelVersion());
  }

  @Test
  void givenRefundRequest_whenRouted_thenTier1TemplateChosenButNotAutomated() {
    Prediction prediction =
        routeOne(PolicyFixtures.config(0.85, false), Channel.EMAIL, "refund my order please");

    assertEquals("refund_request", prediction.intent());
    assertEquals("billing", prediction.team());
    assertEquals(1, prediction.tier());
    assertEquals("refund_request_v1", prediction.template());
    assertFalse(prediction.automated());
  }

  @Test
  void givenFraudReport_whenRouted_thenTier0RiskWithoutTemplate() {
    Prediction prediction =
        routeOne(
            PolicyFixtures.config(0.85, false), Channel.EMAIL, "fraud payments I did not make");

    assertEquals("fraud_report", prediction.intent());
    assertEquals("risk", prediction.team());
    assertEquals(0, prediction.tier());
    assertNull(prediction.template());
    assertFalse(prediction.automated());
  }

  @Test
  void givenSafeMode_whenEligibleTicketRouted_thenNotAutomated() {
    Prediction prediction =
        routeOne(PolicyFixtures.config(0.85, true), Channel.LIVECHAT, "where is my card");

    assertEquals("card_delivery_eta_v1", prediction.template());
    assertFalse(prediction.automated());
  }

  @Test
  void givenThresholdAboveConfidence_whenEligibleTicketRouted_thenNotAutomated() {
    Prediction prediction =
        routeOne(
            PolicyFixtures.config(1.0, false), Channel.LIVECHAT, "card refund where is it please");

    assertEquals("card_delivery_eta", prediction.intent());
    assertTrue(prediction.confidence() < 1.0, "confidence " + prediction.confidence());
    assertFalse(prediction.automated());
  }

  @Test
  void givenSeveralTickets_whenRoutedAll_thenPredictionsInOrderAndProgressReported() {
    ReferenceRouter router =
        new ReferenceRouter(
            TRAINING, PolicyFixtures.taxonomy(), PolicyFixtures.config(0.85, false));
    List<Prediction> predictions = new ArrayList<>();
    List<Long> progress = new ArrayList<>();

    router.routeAll(
        List.of(
            ticket("a", Channel.EMAIL, "refund please"),
            ticket("b", Channel.EMAIL, "where is my card"),
            ticket("c", Channel.LIVECHAT, "fraud on my account")),
        predictions::add,
        (done, total) -> progress.add(done * 10 + total));

    assertEquals(List.of("a", "b", "c"), predictions.stream().map(Prediction::ticketId).toList());
    assertEquals(List.of(13L, 23L, 33L), progress);
    assertEquals("reference(m3)", router.describe());
  }

  @Test
  void givenTrainingIntentOutsideTaxonomy_whenConstructed_thenRefusedWithTheIntentNamed() {
    List<Ticket> training = new ArrayList<>(TRAINING);
    training.add(labeled("crypto wallet question", "crypto_question", "payments", 1));

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new ReferenceRouter(
                    training, PolicyFixtures.taxonomy(), PolicyFixtures.config(0.85, false)));
    assertTrue(error.getMessage().contains("crypto_question"), error.getMessage());
  }
}
