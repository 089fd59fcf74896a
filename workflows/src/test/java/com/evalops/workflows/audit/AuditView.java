package com.evalops.workflows.audit;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.sdk.v1.WorkflowMetadata;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run as the Temporal UI shows it for audit: its memo, its current details and the summaries on
 * its activity and child events.
 */
public final class AuditView {
  private AuditView() {}

  public static Map<String, String> memo(TestWorkflowEnvironment env, String workflowId) {
    Map<String, Payload> fields =
        env.getWorkflowServiceStubs()
            .blockingStub()
            .describeWorkflowExecution(
                DescribeWorkflowExecutionRequest.newBuilder()
                    .setNamespace(env.getNamespace())
                    .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                    .build())
            .getWorkflowExecutionInfo()
            .getMemo()
            .getFieldsMap();
    Map<String, String> memo = new TreeMap<>();
    fields.forEach((key, payload) -> memo.put(key, text(payload)));
    return memo;
  }

  /** What the run says it does or waits for now, as the UI reads it (the metadata query). */
  public static String details(WorkflowClient client, String workflowId) {
    return client
        .newUntypedWorkflowStub(workflowId)
        .query("__temporal_workflow_metadata", WorkflowMetadata.class)
        .getCurrentDetails();
  }

  /** The summary of every activity the run scheduled, in order; an empty string when none. */
  public static List<String> activitySummaries(WorkflowClient client, String workflowId) {
    return summaries(client, workflowId, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
  }

  /** The static summary a run was started with: a child's says what its parent runs it for. */
  public static String startSummary(WorkflowClient client, String workflowId) {
    return summaries(client, workflowId, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED).get(0);
  }

  /** Audit text must not carry who did what: that stays in the Decision Log. */
  public static void assertNoneMentions(List<String> texts, String... people) {
    for (String text : texts) {
      for (String person : people) {
        assertFalse(text.contains(person), person + " in \"" + text + "\"");
      }
    }
  }

  private static List<String> summaries(WorkflowClient client, String workflowId, EventType type) {
    return client.fetchHistory(workflowId).getHistory().getEventsList().stream()
        .filter(e -> e.getEventType() == type)
        .map(HistoryEvent::getUserMetadata)
        .map(m -> m.hasSummary() ? text(m.getSummary()) : "")
        .toList();
  }

  private static String text(Payload payload) {
    return DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, String.class, String.class);
  }
}
