package com.evalops.harness.contract;

/**
 * What the taxonomy says of one intent.
 *
 * @param leadershipApproval true when only leadership may change this intent's policy or copy
 */
public record IntentPolicy(String team, int tier, boolean leadershipApproval) {}
