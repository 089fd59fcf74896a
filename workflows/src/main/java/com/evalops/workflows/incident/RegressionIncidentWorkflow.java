package com.evalops.workflows.incident;

import com.evalops.workflows.approval.HumanSteps;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The production quality regression runbook (seed §3), one incident per scope. People act through
 * updates whose validators refuse with the reason; clients send a refused attempt back through
 * {@link #recordRefusal} so it is kept.
 */
@WorkflowInterface
public interface RegressionIncidentWorkflow extends HumanSteps {

  @WorkflowMethod(name = "RegressionIncident")
  IncidentReport run(StartRegressionRequest request);

  /** Another alarm for the same scope: it joins the open incident. */
  @SignalMethod
  void alarm(AlarmNotice notice);

  @UpdateMethod
  ProposalReceipt proposeMitigation(MitigationProposal proposal);

  @UpdateValidatorMethod(updateName = "proposeMitigation")
  void validateProposeMitigation(MitigationProposal proposal);

  @UpdateMethod
  ProposalReceipt requestSafeModeExit(SafeModeExitRequest exit);

  @UpdateValidatorMethod(updateName = "requestSafeModeExit")
  void validateRequestSafeModeExit(SafeModeExitRequest exit);

  @UpdateMethod
  ExitReadiness recordEvaluation(EvaluationNotice evaluation);

  @UpdateValidatorMethod(updateName = "recordEvaluation")
  void validateRecordEvaluation(EvaluationNotice evaluation);

  @UpdateMethod
  ExitReadiness recordQaWindow(QaWindowNotice window);

  @UpdateValidatorMethod(updateName = "recordQaWindow")
  void validateRecordQaWindow(QaWindowNotice window);

  /** On-call asks for one more recheck of fresh production tickets (computed evidence only). */
  @UpdateMethod
  ExitReadiness requestRecheck(RecheckRequest recheck);

  @UpdateValidatorMethod(updateName = "requestRecheck")
  void validateRequestRecheck(RecheckRequest recheck);

  @QueryMethod
  IncidentState state();
}
