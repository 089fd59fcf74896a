package com.evalops.harness.contract;

import java.util.Map;
import java.util.Set;

/** When the router may answer a ticket by itself (data contract §2). */
public record Tier2Policy(
    Set<String> allowedIntents,
    Map<String, Set<String>> allowedTemplates,
    double minConfidence,
    Set<Channel> channels) {

  public Tier2Policy {
    allowedIntents = Set.copyOf(allowedIntents);
    allowedTemplates = Map.copyOf(allowedTemplates);
    channels = Set.copyOf(channels);
  }

  public boolean allowsTemplate(String intent, String template) {
    Set<String> templates = allowedTemplates.get(intent);
    return templates != null && templates.contains(template);
  }
}
