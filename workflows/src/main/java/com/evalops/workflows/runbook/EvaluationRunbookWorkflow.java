package com.evalops.workflows.runbook;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** The evaluation runbook (seed §2): select → run → interpret → decide → store. */
@WorkflowInterface
public interface EvaluationRunbookWorkflow {

  @WorkflowMethod(name = "EvaluationRunbook")
  EvaluationOutcome run(StartEvaluationRequest request);

  @QueryMethod
  RunbookState state();
}
