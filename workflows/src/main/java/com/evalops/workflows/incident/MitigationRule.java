package com.evalops.workflows.incident;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which mitigations are material and need leadership (spec: changes touching {@code
 * leadership_approval} intents or customer copy). A mitigation is material when it
 *
 * <ul>
 *   <li>disables templates, or names any template: templates are customer-facing copy;
 *   <li>touches an intent the taxonomy marks {@code leadership_approval};
 *   <li>rolls back the prompt or the model: that changes every answer customers get, not one
 *       routing number.
 * </ul>
 *
 * Anything else (a threshold adjustment on ordinary intents, a rollback of the router config) needs
 * one on-call approver who is not the proposer. Pure.
 */
public final class MitigationRule {
  private static final Set<String> CUSTOMER_FACING_ROLLBACKS = Set.of("prompt", "model");

  private MitigationRule() {}

  /** The reasons the proposal is material, in rule order; empty when it is not. */
  public static List<String> materialReasons(
      MitigationProposal proposal, Set<String> leadershipApprovalIntents) {
    List<String> reasons = new ArrayList<>();
    if (MitigationProposal.DISABLE_TEMPLATES.equals(proposal.kind())
        || !proposal.templates().isEmpty()) {
      reasons.add("changes customer-facing templates");
    }
    List<String> leadershipIntents =
        proposal.intents().stream().filter(leadershipApprovalIntents::contains).toList();
    if (!leadershipIntents.isEmpty()) {
      reasons.add("touches leadership_approval intents " + leadershipIntents);
    }
    if (MitigationProposal.ROLLBACK.equals(proposal.kind())
        && CUSTOMER_FACING_ROLLBACKS.contains(proposal.rollbackTarget())) {
      reasons.add("rolls back the " + proposal.rollbackTarget());
    }
    return List.copyOf(reasons);
  }
}
