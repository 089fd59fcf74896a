package com.evalops.workflows.runbook;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.harness.release.ChangeProblem;
import com.evalops.harness.release.ConfigOperation;
import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.Role;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DecisionChangeTest {
  private static final Actor ANA = new Actor("oncall-ana", Set.of(Role.ONCALL), "cli");

  @Test
  void
      givenThresholdAdjustWithoutValueOrIntent_whenMadeAChange_thenTheRecommendedGlobalThreshold() {
    DecideRequest decision = new DecideRequest(ANA, "threshold_adjust", "", null, null, null);

    assertEquals(
        List.of(ConfigOperation.setThreshold(ConfigOperation.GLOBAL, 0.9)),
        DecisionChange.operations(decision, 0.9));
  }

  @Test
  void givenThresholdAdjustOnAnIntent_whenMadeAChange_thenThatIntentsThreshold() {
    DecideRequest decision =
        new DecideRequest(ANA, "threshold_adjust", "", 0.92, null, null, "card_not_working");

    assertEquals(
        List.of(ConfigOperation.setThreshold("card_not_working", 0.92)),
        DecisionChange.operations(decision, 0.9));
  }

  @Test
  void givenMissingOrOutOfRangeFields_whenValidated_thenRefusedNamingTheField() {
    String none = refused(new DecideRequest(ANA, "threshold_adjust", "", null, null, null), null);
    String high = refused(new DecideRequest(ANA, "threshold_adjust", "", 1.5, null, null), 0.9);
    String template =
        refused(new DecideRequest(ANA, "template_disable", "", null, " ", null), null);
    String rollback = refused(new DecideRequest(ANA, "rollback", "", null, null, null), null);

    assertTrue(none.startsWith("threshold: "), none);
    assertEquals("threshold: 1.5 is out of (0, 1]", high);
    assertTrue(template.startsWith("template: "), template);
    assertTrue(rollback.startsWith("rollbackTo: "), rollback);
    assertDoesNotThrow(
        () ->
            DecisionChange.validate(
                new DecideRequest(ANA, "no_change", "", null, null, null), null));
  }

  @Test
  void givenTheStoresProblems_whenRefused_thenEachNamesTheDecisionsOwnField() {
    String refusal =
        DecisionChange.refusal(
            new DecideRequest(ANA, "rollback", "", null, null, "v9"),
            List.of(new ChangeProblem("operations[0].target", "v9", "not a stored version")));

    assertEquals("rollbackTo = \"v9\": not a stored version", refusal);
  }

  @Test
  void givenActions_whenAskedWhetherTheyChangeTheConfig_thenOnlyTheTypedOnes() {
    assertTrue(DecisionChange.changesConfig("threshold_adjust"));
    assertTrue(DecisionChange.changesConfig("template_disable"));
    assertTrue(DecisionChange.changesConfig("rollback"));
    assertFalse(DecisionChange.changesConfig("safe_mode"), "safe mode is the incident's");
    assertFalse(DecisionChange.changesConfig("no_change"));
  }

  private static String refused(DecideRequest decision, Double recommended) {
    return assertThrows(
            IllegalArgumentException.class, () -> DecisionChange.validate(decision, recommended))
        .getMessage();
  }
}
