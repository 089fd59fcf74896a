package com.evalops.harness.contract;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The intents, their teams and tiers, the templates and the Tier 2 policy (data contract §2).
 *
 * @param templates template id to the intent it answers
 */
public record Taxonomy(
    String taxonomyVersion,
    SortedMap<String, IntentPolicy> intents,
    SortedMap<String, String> templates,
    Tier2Policy tier2Policy) {

  public Taxonomy {
    intents = Collections.unmodifiableSortedMap(new TreeMap<>(intents));
    templates = Collections.unmodifiableSortedMap(new TreeMap<>(templates));
  }

  public boolean hasIntent(String intent) {
    return intents.containsKey(intent);
  }

  /** The intent's policy, or null for an intent outside the taxonomy. */
  public IntentPolicy intent(String intent) {
    return intents.get(intent);
  }

  public Map<String, String> templateIntents() {
    return templates;
  }

  /** Intents whose changes need leadership's approval, sorted. */
  public SortedSet<String> leadershipApprovalIntents() {
    SortedSet<String> wanted = new TreeSet<>();
    intents.forEach(
        (intent, policy) -> {
          if (policy.leadershipApproval()) {
            wanted.add(intent);
          }
        });
    return Collections.unmodifiableSortedSet(wanted);
  }
}
