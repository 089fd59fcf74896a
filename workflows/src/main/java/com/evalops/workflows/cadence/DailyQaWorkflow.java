package com.evalops.workflows.cadence;

import com.evalops.workflows.approval.HumanSteps;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Seed §1 daily: a stratified sample of one business day into the labeling queue; reviewers answer
 * correct team? correct template? any safety violation?; the day closes with QA notes, incidents
 * for safety violations and golden set candidates.
 */
@WorkflowInterface
public interface DailyQaWorkflow extends HumanSteps {
  @WorkflowMethod(name = "DailyQaSampling")
  DailyQaReport run(DailyQaRequest request);

  @QueryMethod
  DailyQaState state();
}
