package com.evalops.harness.recalibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.evalops.harness.contract.AgentOverride;
import com.evalops.harness.contract.Channel;
import com.evalops.harness.contract.IntentPolicy;
import com.evalops.harness.contract.Prediction;
import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.RoutingLogEntry;
import com.evalops.harness.contract.Taxonomy;
import com.evalops.harness.contract.TemplateSetting;
import com.evalops.harness.contract.Tier2Policy;
import com.evalops.harness.recalibration.TemplateFinding.Proposal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CalibrationAnalysisTest {
  private static final Instant T0 = Instant.parse("2025-12-08T09:00:00Z");

  /** Small volumes so that a hand-made log can cross every bound. */
  private static final CalibrationBounds BOUNDS = new CalibrationBounds(0.95, 0.25, 4, 2, 2, 5);

  private final List<RoutingLogEntry> log = new ArrayList<>();

  @Test
  void givenOverridesAsGroundTruth_whenSwept_thenLowestCleanThresholdIsRecommended() {
    // 0.90: ten sends, one overridden to a tier 1 intent (wrong and unsafe); 0.95: ten right.
    for (int i = 0; i < 10; i++) {
      sent("card_delivery_eta_v1", 0.90, i == 0 ? "refund_request" : null, null);
      sent("card_delivery_eta_v1", 0.95, null, null);
    }

    CalibrationFindings f = CalibrationAnalysis.of(log, taxonomy(), config(), BOUNDS);

    SweepStep at090 = step(f, 0.90);
    assertEquals(20, at090.automated());
    assertEquals(0.95, at090.precision(), 1e-12);
    assertEquals(1, at090.unsafeAutomations());
    assertEquals(0.91, f.recommendation().threshold());
    assertEquals(20, f.automated());
    assertEquals(1, f.overridden());
  }

  @Test
  void givenErrorRateAtTheBound_whenAnalysed_thenDisableIsProposed() {
    for (int i = 0; i < 4; i++) {
      sent("card_delivery_eta_v1", 0.95, i == 0 ? "fraud_report" : null, i == 0 ? 1 : 4);
    }

    TemplateFinding t = template(CalibrationAnalysis.of(log, taxonomy(), config(), BOUNDS));

    assertEquals(4, t.automatedSends());
    assertEquals(1, t.overriddenSends());
    assertEquals(0.25, t.errorRate(), 1e-12);
    assertEquals(3.25, t.csatMean(), 1e-12);
    assertEquals(Proposal.DISABLE, t.proposal(), t.reason());
  }

  @Test
  void givenErrorRateUnderTheBound_whenAnalysed_thenTemplateIsKept() {
    for (int i = 0; i < 5; i++) {
      sent("card_delivery_eta_v1", 0.95, i == 0 ? "fraud_report" : null, null);
    }

    TemplateFinding t = template(CalibrationAnalysis.of(log, taxonomy(), config(), BOUNDS));

    assertEquals(0.2, t.errorRate(), 1e-12);
    assertEquals(Proposal.KEEP, t.proposal());
    assertNull(t.csatMean());
  }

  @Test
  void givenTooFewSends_whenEveryOneWasOverridden_thenNoDisableOnThatEvidence() {
    for (int i = 0; i < 3; i++) {
      sent("card_delivery_eta_v1", 0.95, "fraud_report", null);
    }

    TemplateFinding t = template(CalibrationAnalysis.of(log, taxonomy(), config(), BOUNDS));

    assertEquals(1.0, t.errorRate(), 1e-12);
    assertEquals(Proposal.KEEP, t.proposal(), t.reason());
  }

  @Test
  void givenDisabledTemplateWithCleanWouldBeSends_whenAnalysed_thenEnableIsProposed() {
    for (int i = 0; i < 4; i++) {
      held("fee_schedule_v1", null);
    }

    TemplateFinding t =
        finding(CalibrationAnalysis.of(log, taxonomy(), config(), BOUNDS), "fee_schedule_v1");

    assertEquals(0, t.automatedSends());
    assertEquals(4, t.wouldBeSends());
    assertEquals(Proposal.ENABLE, t.proposal(), t.reason());
  }

  @Test
  void givenDisabledTemplateWithoutEnoughEvidence_whenAnalysed_thenItStaysDisabled() {
    for (int i = 0; i < 3; i++) {
      held("fee_schedule_v1", null);
    }
    for (int i = 0; i < 4; i++) {
      held("card_delivery_eta_v0", null);
    }

    CalibrationFindings f = CalibrationAnalysis.of(log, taxonomy(), config(), BOUNDS);

    assertEquals(Proposal.KEEP, finding(f, "fee_schedule_v1").proposal());
    TemplateFinding notAllowed = finding(f, "card_delivery_eta_v0");
    assertEquals(Proposal.KEEP, notAllowed.proposal());
    assertEquals(0, notAllowed.wouldBeSends(), "the policy holds it back, not only the config");
  }

  @Test
  void givenOverridesOutsideTheTaxonomy_whenAnalysed_thenNewIntentSignalsAndClustersAreReported() {
    for (int i = 0; i < 3; i++) {
      routed(
          "Hi Anna, my crypto wallet is locked. Call +1 555 0100 " + i,
          "transaction_question",
          0.55,
          "crypto_question");
    }
    routed("my pet hamster ate my card", "card_delivery_eta", 0.40, "pets_question");
    routed("where is my new card delivery", "card_delivery_eta", 0.99, "refund_request");

    CalibrationFindings f = CalibrationAnalysis.of(log, taxonomy(), config(), BOUNDS);

    assertEquals(List.of(new NewIntentSignal("crypto_question", 3)), f.newIntents());
    assertEquals(4, f.lowConfidenceTickets());
    assertEquals(List.of(new LowConfidenceCluster("crypto wallet", 3)), f.lowConfidenceClusters());
  }

  @Test
  void givenSameEntriesInAnotherOrder_whenAnalysed_thenFindingsAreEqual() {
    for (int i = 0; i < 6; i++) {
      sent("card_delivery_eta_v1", 0.86 + i * 0.02, i % 3 == 0 ? "refund_request" : null, i % 5);
      held("fee_schedule_v1", i == 0 ? "refund_request" : null);
      routed("crypto wallet help " + i, "transaction_question", 0.5, "crypto_question");
      routed("stock trading question " + i, "transaction_question", 0.6, "stocks_question");
    }
    List<RoutingLogEntry> shuffled = new ArrayList<>(log);
    Collections.shuffle(shuffled, new Random(7));

    assertEquals(
        CalibrationAnalysis.of(log, taxonomy(), config(), BOUNDS),
        CalibrationAnalysis.of(shuffled, taxonomy(), config(), BOUNDS));
  }

  private void sent(String template, double confidence, String overrideIntent, Integer csat) {
    add(
        "where is my card",
        "card_delivery_eta",
        2,
        template,
        confidence,
        true,
        overrideIntent,
        csat);
  }

  /** Answered with a template the config disables; every other gate would let it through. */
  private void held(String template, String overrideIntent) {
    String intent = template.startsWith("fee") ? "fee_schedule" : "card_delivery_eta";
    add("what are your fees", intent, 2, template, 0.95, false, overrideIntent, null);
  }

  private void routed(String text, String intent, double confidence, String overrideIntent) {
    add(text, intent, 1, null, confidence, false, overrideIntent, null);
  }

  private void add(
      String text,
      String intent,
      int tier,
      String template,
      double confidence,
      boolean automated,
      String overrideIntent,
      Integer csat) {
    String id = "RL-" + log.size();
    AgentOverride override =
        overrideIntent == null
            ? null
            : new AgentOverride(overrideIntent, "team", "misroute_team", "agent-1", T0);
    log.add(
        new RoutingLogEntry(
            id,
            T0,
            Channel.EMAIL,
            text,
            new Prediction(id, intent, "team", tier, template, confidence, automated, "p7", "m3"),
            override,
            csat));
  }

  private static SweepStep step(CalibrationFindings f, double threshold) {
    return f.sweep().stream().filter(s -> s.threshold() == threshold).findFirst().orElseThrow();
  }

  private static TemplateFinding template(CalibrationFindings f) {
    return finding(f, "card_delivery_eta_v1");
  }

  private static TemplateFinding finding(CalibrationFindings f, String template) {
    return f.templates().stream()
        .filter(t -> t.template().equals(template))
        .findFirst()
        .orElseThrow();
  }

  /**
   * card_delivery_eta (v1 allowed and enabled, v0 drafted: not allowed, disabled) and fee_schedule
   * (v1 allowed but disabled) are automation-eligible; the rest are human-handled.
   */
  private static Taxonomy taxonomy() {
    return new Taxonomy(
        "2025-12-01",
        new TreeMap<>(
            Map.of(
                "card_delivery_eta", new IntentPolicy("cards", 2, false),
                "fee_schedule", new IntentPolicy("billing", 2, false),
                "transaction_question", new IntentPolicy("payments", 1, false),
                "refund_request", new IntentPolicy("billing", 1, true),
                "fraud_report", new IntentPolicy("risk", 0, true))),
        new TreeMap<>(
            Map.of(
                "card_delivery_eta_v0", "card_delivery_eta",
                "card_delivery_eta_v1", "card_delivery_eta",
                "fee_schedule_v1", "fee_schedule")),
        new Tier2Policy(
            Set.of("card_delivery_eta", "fee_schedule"),
            Map.of(
                "card_delivery_eta", Set.of("card_delivery_eta_v1"),
                "fee_schedule", Set.of("fee_schedule_v1")),
            0.80,
            Set.of(Channel.EMAIL, Channel.LIVECHAT)));
  }

  private static RouterConfig config() {
    return new RouterConfig(
        "v12",
        "p7",
        "m3",
        0.85,
        new TreeMap<>(),
        new TreeMap<>(
            Map.of(
                "card_delivery_eta_v0", new TemplateSetting(false),
                "card_delivery_eta_v1", new TemplateSetting(true),
                "fee_schedule_v1", new TemplateSetting(false))),
        false);
  }
}
