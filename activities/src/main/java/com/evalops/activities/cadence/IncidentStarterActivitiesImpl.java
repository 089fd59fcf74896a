package com.evalops.activities.cadence;

import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.cadence.IncidentAlarm;
import com.evalops.workflows.cadence.IncidentStarterActivities;
import com.evalops.workflows.cadence.OpenIncidentRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;

/**
 * Signal-with-start on the scope's incident id: the first alarm starts the incident, later ones
 * join it. The incident workflow is addressed by type name, so this module does not depend on its
 * implementation.
 */
public final class IncidentStarterActivitiesImpl implements IncidentStarterActivities {
  static final String INCIDENT_WORKFLOW_TYPE = "RegressionIncident";
  static final String ALARM_SIGNAL = "alarm";
  static final String SOURCE = "daily-qa";

  private final WorkflowClient client;
  private final String taskQueue;

  public IncidentStarterActivitiesImpl(WorkflowClient client, String taskQueue) {
    this.client = client;
    this.taskQueue = taskQueue;
  }

  @Override
  public String openIncident(OpenIncidentRequest request) {
    String workflowId = WorkflowIds.regression(request.scope());
    WorkflowStub incident =
        client.newUntypedWorkflowStub(
            INCIDENT_WORKFLOW_TYPE,
            WorkflowOptions.newBuilder().setWorkflowId(workflowId).setTaskQueue(taskQueue).build());
    IncidentAlarm alarm =
        new IncidentAlarm(
            request.alarmId(),
            request.scope(),
            request.alarm(),
            request.harmPossible(),
            request.ticketIds(),
            SOURCE);
    incident.signalWithStart(ALARM_SIGNAL, new Object[] {alarm}, new Object[] {alarm});
    return workflowId;
  }
}
