package com.evalops.workflows.approval;

/**
 * The validators' answer when a runbook is sent a human step it does not have: every runbook takes
 * both updates of {@link HumanSteps}, so a vote or a label sent to the wrong one is refused with
 * the reason instead of failing as an unknown update.
 */
public final class HumanStepRefusals {
  private HumanStepRefusals() {}

  public static IllegalStateException noVotes(String runbook) {
    return new IllegalStateException(runbook + " asks for no votes");
  }

  public static IllegalStateException noLabels(String runbook) {
    return new IllegalStateException(runbook + " takes no labels");
  }
}
