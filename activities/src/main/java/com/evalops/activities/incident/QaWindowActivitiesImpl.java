package com.evalops.activities.incident;

import com.evalops.workflows.ErrorType;
import com.evalops.workflows.cadence.DailyQaReport;
import com.evalops.workflows.incident.QaWindowActivities;
import com.evalops.workflows.incident.QaWindowEvidence;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Reads a daily QA run back from Temporal: its type, status and start time from the server, its
 * counts from the result the run itself returned. Nothing comes from the caller but the id, so a QA
 * window cannot be typed in (config-releases.md §6).
 */
public final class QaWindowActivitiesImpl implements QaWindowActivities {
  /** The workflow type of the daily QA runbook ({@code DailyQaWorkflow#run}). */
  static final String DAILY_QA_TYPE = "DailyQaSampling";

  /**
   * A workflow id's alphabet: {@code daily-qa-2025-12-15} started by hand, {@code
   * daily-qa-scheduled-2025-12-15T09:00:00Z} by a Schedule. The run's type, not its id, makes it a
   * daily QA run.
   */
  private static final Pattern WORKFLOW_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");

  private final WorkflowClient client;

  public QaWindowActivitiesImpl(WorkflowClient client) {
    this.client = client;
  }

  @Override
  public QaWindowEvidence verifyDailyQa(String dailyQaRunId) {
    if (dailyQaRunId == null || !WORKFLOW_ID.matcher(dailyQaRunId).matches()) {
      throw failure(
          ErrorType.INVALID_INPUT,
          "not a daily QA run id: \""
              + dailyQaRunId
              + "\" (daily-qa-<day>, or a scheduled run's id as evalops status lists it)");
    }
    WorkflowExecutionInfo info = describe(dailyQaRunId);
    if (!DAILY_QA_TYPE.equals(info.getType().getName())) {
      throw failure(
          ErrorType.INVALID_INPUT,
          dailyQaRunId + " is a " + info.getType().getName() + " run, not a daily QA run");
    }
    if (info.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
      throw failure(
          ErrorType.INVALID_INPUT,
          "daily QA "
              + dailyQaRunId
              + " has not completed ("
              + info.getStatus()
                  .name()
                  .replace("WORKFLOW_EXECUTION_STATUS_", "")
                  .toLowerCase(java.util.Locale.ROOT)
              + "): its window counts once its review is closed");
    }
    DailyQaReport report =
        client.newUntypedWorkflowStub(dailyQaRunId).getResult(DailyQaReport.class);
    if (report.teamCorrect() == null || report.templateCorrect() == null) {
      throw failure(
          ErrorType.INVALID_INPUT,
          "daily QA "
              + dailyQaRunId
              + " ran before team and template correctness were counted; name a later run");
    }
    Instant openedAt =
        Instant.ofEpochSecond(info.getStartTime().getSeconds(), info.getStartTime().getNanos());
    return new QaWindowEvidence(
        dailyQaRunId,
        report.sampleId(),
        openedAt,
        report.sampleSize(),
        report.labeledTickets(),
        report.safetyViolations().size(),
        report.teamCorrect(),
        report.templateCorrect());
  }

  private WorkflowExecutionInfo describe(String workflowId) {
    try {
      return client
          .getWorkflowServiceStubs()
          .blockingStub()
          .describeWorkflowExecution(
              DescribeWorkflowExecutionRequest.newBuilder()
                  .setNamespace(client.getOptions().getNamespace())
                  .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                  .build())
          .getWorkflowExecutionInfo();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        throw failure(ErrorType.NOT_FOUND, "no daily QA run " + workflowId);
      }
      throw e; // the server is unreachable: retried
    }
  }

  private static ApplicationFailure failure(ErrorType type, String message) {
    return ApplicationFailure.newNonRetryableFailure(message, type.name());
  }
}
