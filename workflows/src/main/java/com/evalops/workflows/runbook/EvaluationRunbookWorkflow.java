package com.evalops.workflows.runbook;

import com.evalops.workflows.approval.HumanSteps;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** The evaluation runbook (seed §2): select → run → interpret → decide → store. */
@WorkflowInterface
public interface EvaluationRunbookWorkflow extends HumanSteps {

  @WorkflowMethod(name = "EvaluationRunbook")
  EvaluationOutcome run(StartEvaluationRequest request);

  @QueryMethod
  RunbookState state();

  /**
   * On-call chooses what to do after a verdict other than PASS. A choice that changes the router
   * config is checked against the config in force when it arrives: a change that cannot apply is
   * refused naming the field, and the run waits for another choice.
   */
  @UpdateMethod
  String decide(DecideRequest request);

  @UpdateValidatorMethod(updateName = "decide")
  void validateDecide(DecideRequest request);
}
