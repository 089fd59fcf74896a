package com.evalops.workflows.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.Role;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MitigationRuleTest {
  private static final Actor ANA = new Actor("oncall-ana", Set.of(Role.ONCALL), "cli");
  private static final Set<String> LEADERSHIP_INTENTS = Set.of("chargeback_dispute", "refund");

  private static List<String> reasons(
      String kind, List<String> intents, List<String> templates, String rollbackTarget) {
    return MitigationRule.materialReasons(
        new MitigationProposal(ANA, kind, "details", intents, templates, rollbackTarget),
        LEADERSHIP_INTENTS);
  }

  @Test
  void givenTemplateDisable_whenJudged_thenMaterialAsCustomerCopy() {
    assertEquals(
        List.of("changes customer-facing templates"),
        reasons("disable_templates", List.of(), List.of("refund_howto"), null));
  }

  @Test
  void givenThresholdOnOrdinaryIntents_whenJudged_thenNotMaterial() {
    assertEquals(List.of(), reasons("adjust_thresholds", List.of("billing"), null, null));
  }

  @Test
  void givenThresholdOnLeadershipIntent_whenJudged_thenMaterialNamingTheIntent() {
    assertEquals(
        List.of("touches leadership_approval intents [chargeback_dispute]"),
        reasons("adjust_thresholds", List.of("billing", "chargeback_dispute"), null, null));
  }

  @Test
  void givenPromptOrModelRollback_whenJudged_thenMaterial() {
    assertEquals(List.of("rolls back the prompt"), reasons("rollback", null, null, "prompt"));
    assertEquals(List.of("rolls back the model"), reasons("rollback", null, null, "model"));
  }

  @Test
  void givenRouterConfigRollback_whenJudged_thenNotMaterial() {
    assertEquals(List.of(), reasons("rollback", List.of("billing"), null, "config"));
  }
}
