package com.evalops.harness.router;

import com.evalops.harness.contract.Channel;
import com.evalops.harness.contract.Prediction;
import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.Taxonomy;
import java.util.ArrayList;
import java.util.List;

/**
 * The Tier 2 code gates: when the router may send a template by itself (data contract §2, §6). The
 * reference router enforces them; the harness re-checks every automated answer with them.
 */
public final class Tier2Gates {
  public static final String TIER_NOT_2 = "tier_not_2";
  public static final String INTENT_NOT_ALLOWED = "intent_not_allowed";
  public static final String TEMPLATE_NOT_ALLOWED = "template_not_allowed";
  public static final String TEMPLATE_DISABLED = "template_disabled";
  public static final String BELOW_THRESHOLD = "below_threshold";
  public static final String CHANNEL_NOT_ALLOWED = "channel_not_allowed";
  public static final String SAFE_MODE = "safe_mode";

  private Tier2Gates() {}

  /** Every gate that forbids automating this answer; empty when automation is allowed. */
  public static List<String> refusals(
      Prediction prediction, Channel channel, Taxonomy taxonomy, RouterConfig config) {
    List<String> reasons = new ArrayList<>(2);
    var policy = taxonomy.tier2Policy();
    if (prediction.tier() != 2) {
      reasons.add(TIER_NOT_2);
    }
    if (!policy.allowedIntents().contains(prediction.intent())) {
      reasons.add(INTENT_NOT_ALLOWED);
    }
    String template = prediction.template();
    if (template == null || !policy.allowsTemplate(prediction.intent(), template)) {
      reasons.add(TEMPLATE_NOT_ALLOWED);
    }
    if (template != null && !config.templateEnabled(template)) {
      reasons.add(TEMPLATE_DISABLED);
    }
    double threshold = Math.max(policy.minConfidence(), config.thresholdFor(prediction.intent()));
    if (prediction.confidence() < threshold) {
      reasons.add(BELOW_THRESHOLD);
    }
    if (!policy.channels().contains(channel)) {
      reasons.add(CHANNEL_NOT_ALLOWED);
    }
    if (config.safeMode()) {
      reasons.add(SAFE_MODE);
    }
    return reasons;
  }
}
