package com.evalops.harness.router;

import com.evalops.harness.contract.Channel;
import com.evalops.harness.contract.IntentPolicy;
import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.Taxonomy;
import com.evalops.harness.contract.TemplateSetting;
import com.evalops.harness.contract.Tier2Policy;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A three-intent taxonomy and its prod config: card_delivery_eta is automation-eligible with two
 * templates of which only v1 is allowed and v0 is disabled; refund_request is human-handled;
 * fraud_report is safety-critical.
 */
public final class PolicyFixtures {
  private PolicyFixtures() {}

  public static Taxonomy taxonomy() {
    return taxonomy(Set.of(Channel.EMAIL, Channel.LIVECHAT));
  }

  public static Taxonomy taxonomy(Set<Channel> channels) {
    return new Taxonomy(
        "2025-12-01",
        new TreeMap<>(
            Map.of(
                "card_delivery_eta", new IntentPolicy("cards", 2, false),
                "refund_request", new IntentPolicy("billing", 1, true),
                "fraud_report", new IntentPolicy("risk", 0, true))),
        new TreeMap<>(
            Map.of(
                "card_delivery_eta_v0", "card_delivery_eta",
                "card_delivery_eta_v1", "card_delivery_eta",
                "refund_request_v1", "refund_request")),
        new Tier2Policy(
            Set.of("card_delivery_eta"),
            Map.of("card_delivery_eta", Set.of("card_delivery_eta_v1")),
            0.80,
            channels));
  }

  public static RouterConfig config(double threshold, boolean safeMode) {
    return config(threshold, Map.of(), safeMode);
  }

  public static RouterConfig config(
      double threshold, Map<String, Double> intentThresholds, boolean safeMode) {
    return new RouterConfig(
        "v12",
        "p7",
        "m3",
        threshold,
        new TreeMap<>(intentThresholds),
        new TreeMap<>(
            Map.of(
                "card_delivery_eta_v0", new TemplateSetting(false),
                "card_delivery_eta_v1", new TemplateSetting(true),
                "refund_request_v1", new TemplateSetting(true))),
        safeMode);
  }
}
