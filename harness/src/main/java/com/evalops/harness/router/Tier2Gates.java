package com.evalops.harness.router;

import com.evalops.harness.contract.Channel;
import com.evalops.harness.contract.Prediction;
import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.Taxonomy;
import com.evalops.harness.contract.Tier2Policy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Tier 2 code gates (data contract §6): when a router may send a template by itself. Routers
 * call it before automating and the metrics call it again on the router's output, so that the
 * decision and its audit can never drift apart.
 */
public final class Tier2Gates {
  public static final String TIER_NOT_2 = "tier_not_2";
  public static final String INTENT_NOT_ALLOWED = "intent_not_allowed";
  public static final String NO_TEMPLATE = "no_template";
  public static final String TEMPLATE_NOT_ALLOWED = "template_not_allowed";
  public static final String TEMPLATE_DISABLED = "template_disabled";
  public static final String BELOW_THRESHOLD = "below_threshold";
  public static final String CHANNEL_NOT_ALLOWED = "channel_not_allowed";
  public static final String SAFE_MODE = "safe_mode";

  private final Tier2Policy policy;
  private final RouterConfig config;
  // Hash lookups of the config's sorted maps: the gates run once per ticket of a large run.
  private final Map<String, Double> intentThresholds;
  private final Set<String> enabledTemplates = new HashSet<>();
  // The taxonomy's team of each intent, so a ticket in a held team is route-only whatever team
  // the router reports; empty when only the policy is known.
  private final Map<String, String> teams;

  /** The gates with safe mode judged on the router's reported team only. */
  public Tier2Gates(Tier2Policy policy, RouterConfig config) {
    this(policy, config, Map.of());
  }

  /**
   * The gates of a taxonomy: a ticket is route-only when safe mode is held for its predicted
   * intent, for the team the router reports, or for the taxonomy's team of that intent.
   */
  public Tier2Gates(Taxonomy taxonomy, RouterConfig config) {
    this(taxonomy.tier2Policy(), config, teamsOf(taxonomy));
  }

  private Tier2Gates(Tier2Policy policy, RouterConfig config, Map<String, String> teams) {
    this.teams = teams;
    this.policy = policy;
    this.config = config;
    this.intentThresholds = new HashMap<>(config.intentThresholds());
    config
        .templates()
        .forEach(
            (id, setting) -> {
              if (setting.enabled()) {
                enabledTemplates.add(id);
              }
            });
  }

  /**
   * Every reason the gates refuse to automate this prediction on this channel, in gate order; an
   * empty list means automation is allowed. The prediction's own {@code automated} flag is ignored.
   */
  public List<String> refusals(Prediction prediction, Channel channel) {
    List<String> reasons = new ArrayList<>();
    String intent = prediction.intent();
    String template = prediction.template();
    if (prediction.tier() != 2) {
      reasons.add(TIER_NOT_2);
    }
    if (!policy.allowedIntents().contains(intent)) {
      reasons.add(INTENT_NOT_ALLOWED);
    }
    if (template == null) {
      reasons.add(NO_TEMPLATE);
    } else {
      if (!policy.allowsTemplate(intent, template)) {
        reasons.add(TEMPLATE_NOT_ALLOWED);
      }
      if (!enabledTemplates.contains(template)) {
        reasons.add(TEMPLATE_DISABLED);
      }
    }
    if (prediction.confidence() < threshold(intent)) {
      reasons.add(BELOW_THRESHOLD);
    }
    if (!policy.channels().contains(channel)) {
      reasons.add(CHANNEL_NOT_ALLOWED);
    }
    if (config.routeOnly(intent, prediction.team())
        || (config.anySafeMode() && config.routeOnly(intent, teams.get(intent)))) {
      reasons.add(SAFE_MODE);
    }
    return List.copyOf(reasons);
  }

  private static Map<String, String> teamsOf(Taxonomy taxonomy) {
    Map<String, String> teams = new HashMap<>();
    taxonomy.intents().forEach((intent, policy) -> teams.put(intent, policy.team()));
    return teams;
  }

  public boolean allows(Prediction prediction, Channel channel) {
    return refusals(prediction, channel).isEmpty();
  }

  /** The stricter of the policy floor and the config's threshold in force for the intent. */
  public double threshold(String intent) {
    Double own = intentThresholds.get(intent);
    return Math.max(policy.minConfidence(), own != null ? own : config.confidenceThreshold());
  }
}
