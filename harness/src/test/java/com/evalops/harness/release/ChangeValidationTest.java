package com.evalops.harness.release;

import static com.evalops.harness.release.ConfigOperation.disableTemplate;
import static com.evalops.harness.release.ConfigOperation.enableTemplate;
import static com.evalops.harness.release.ConfigOperation.holdSafeMode;
import static com.evalops.harness.release.ConfigOperation.releaseSafeMode;
import static com.evalops.harness.release.ConfigOperation.rollbackTo;
import static com.evalops.harness.release.ConfigOperation.setModel;
import static com.evalops.harness.release.ConfigOperation.setThreshold;
import static com.evalops.harness.release.DemoConfigs.V14;
import static com.evalops.harness.release.DemoConfigs.change;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.harness.contract.RouterConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** config-releases §1: a change that could not be applied is refused with the field named. */
class ChangeValidationTest {
  private final DemoConfigs.Store store = DemoConfigs.store();

  private ChangeProblem onlyProblem(ConfigChange change, RouterConfig inForce) {
    List<ChangeProblem> problems = store.problems(change, inForce);
    assertEquals(1, problems.size(), problems.toString());
    return problems.get(0);
  }

  private void assertRefused(ConfigChange change, String field, String says) {
    ChangeProblem p = onlyProblem(change, V14);
    assertEquals(field, p.field(), p.describe());
    assertTrue(p.problem().contains(says), p.describe());
  }

  @Test
  void givenValidChange_whenValidated_thenNoProblem() {
    assertEquals(
        List.of(),
        store.problems(
            change(
                V14,
                setThreshold("fraud_report", 0.95),
                disableTemplate("fee_schedule_v1"),
                holdSafeMode("billing", "inc-1")),
            V14));
  }

  @Test
  void givenUnknownOp_whenValidated_thenOpNamed() {
    assertRefused(
        change(
            V14,
            setThreshold("fraud_report", 0.95),
            new ConfigOperation("delete", "x", null, null)),
        "operations[1].op",
        "one of");
  }

  @Test
  void givenUnknownIntent_whenValidated_thenTargetNamed() {
    assertRefused(
        change(V14, setThreshold("fraud_reports", 0.9)), "operations[0].target", "not an intent");
  }

  @Test
  void givenThresholdOutOfRange_whenValidated_thenValueNamed() {
    for (double bad : new double[] {0, -0.1, 1.01, Double.NaN}) {
      assertRefused(
          change(V14, setThreshold("fraud_report", bad)), "operations[0].value", "(0, 1]");
    }
    assertRefused(
        change(V14, new ConfigOperation("set_threshold", "global", null, null)),
        "operations[0].value",
        "(0, 1]");
    assertEquals(List.of(), store.problems(change(V14, setThreshold("fraud_report", 1.0)), V14));
  }

  @Test
  void givenThresholdAlreadyInForce_whenValidated_thenValueNamed() {
    assertRefused(
        change(V14, setThreshold("password_reset", 0.92)), "operations[0].value", "already");
    assertRefused(change(V14, setThreshold("global", 0.85)), "operations[0].value", "already");
  }

  @Test
  void givenUnknownOrAlreadyDisabledTemplate_whenDisabled_thenTargetNamed() {
    assertRefused(
        change(V14, disableTemplate("refund_request_v1")),
        "operations[0].target",
        "not a template");
    assertRefused(
        change(V14, disableTemplate("card_delivery_eta_v2")),
        "operations[0].target",
        "already disabled");
  }

  @Test
  void givenTemplateOutsideTaxonomyOrAlreadyEnabled_whenEnabled_thenTargetNamed() {
    assertRefused(
        change(V14, enableTemplate("refund_request_v1")),
        "operations[0].target",
        "not a template of the taxonomy");
    assertRefused(
        change(V14, enableTemplate("fee_schedule_v1")), "operations[0].target", "already enabled");
  }

  @Test
  void givenUnknownOrInForceRollbackVersion_whenValidated_thenTargetNamed() {
    assertRefused(change(V14, rollbackTo("v11")), "operations[0].target", "not a stored");
    assertRefused(change(V14, rollbackTo("v14")), "operations[0].target", "in force");
  }

  @Test
  void givenBadScope_whenHeld_thenTargetNamed() {
    assertRefused(
        change(V14, holdSafeMode("bilting", "inc-1")), "operations[0].target", "a scope is");
  }

  @Test
  void givenMissingHolder_whenHeldOrReleased_thenHolderNamed() {
    assertRefused(
        change(V14, new ConfigOperation("hold_safe_mode", "billing", null, null)),
        "operations[0].holder",
        "holder id");
    assertRefused(
        change(V14, new ConfigOperation("release_safe_mode", "*", null, "  ")),
        "operations[0].holder",
        "holder id");
  }

  @Test
  void givenReleaseByNonHolder_whenValidated_thenHolderNamedWithTheActualHolders() {
    ChangeProblem p =
        onlyProblem(
            change(V14, releaseSafeMode("billing", "inc-2")), V14.holding("billing", "inc-1"));

    assertEquals("operations[0].holder", p.field());
    assertTrue(p.problem().contains("holders: inc-1"), p.describe());
  }

  @Test
  void givenEmptyChange_whenValidated_thenOperationsNamed() {
    ChangeProblem p = onlyProblem(change(V14), V14);

    assertEquals("operations", p.field());
  }

  @Test
  void givenChangeThatChangesNothing_whenValidated_thenOperationsNamed() {
    ChangeProblem p =
        onlyProblem(
            change(V14, holdSafeMode("billing", "inc-1"), releaseSafeMode("billing", "inc-1")),
            V14);

    assertEquals("operations", p.field());
    assertTrue(p.problem().contains("changes nothing"), p.describe());
  }

  @Test
  void givenValueOrHolderOnOpThatTakesNone_whenValidated_thenFieldNamed() {
    assertRefused(
        change(V14, new ConfigOperation("set_model", "m6", 0.5, null)),
        "operations[0].value",
        "takes no value");
    assertRefused(
        change(V14, new ConfigOperation("disable_template", "fee_schedule_v1", null, "inc-1")),
        "operations[0].holder",
        "takes no holder");
  }

  @Test
  void givenLaterOperation_whenValidated_thenJudgedOnTheConfigTheEarlierOnesMake() {
    assertEquals(List.of(), store.problems(change(V14, rollbackTo("v12"), setModel("m4")), V14));
    assertRefused(
        change(V14, rollbackTo("v12"), setModel("m3")),
        "operations[1].target",
        "already the model");
  }
}
