package com.evalops.workflows.incident;

import com.evalops.workflows.WorkflowIds;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;

/**
 * How the API, the CLI and alarm webhooks raise an alarm: signal-with-start on the scope's incident
 * id, so the first alarm opens the incident and later ones join it, with no race between them.
 */
public final class IncidentStarter {
  private IncidentStarter() {}

  /** Opens the scope's incident or joins the open one; returns the incident's execution. */
  public static WorkflowExecution startOrJoin(
      WorkflowClient client, String taskQueue, StartRegressionRequest request, AlarmNotice alarm) {
    RegressionIncidentWorkflow incident =
        client.newWorkflowStub(
            RegressionIncidentWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.regression(request.scope()))
                .setTaskQueue(taskQueue)
                .build());
    BatchRequest batch = client.newSignalWithStartRequest();
    batch.add(incident::run, request);
    batch.add(incident::alarm, alarm);
    return client.signalWithStart(batch);
  }
}
