package com.evalops.activities.cadence;

import com.evalops.workflows.cadence.IncidentAlarm;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.ArrayList;
import java.util.List;

/**
 * Stands in for the regression incident, under its workflow type name and signal name, and keeps
 * the alarms it receives, so the incident starter is tested against a real server.
 */
@WorkflowInterface
public interface RecordingIncidentWorkflow {
  @WorkflowMethod(name = "RegressionIncident")
  void run(IncidentAlarm first);

  @SignalMethod(name = "alarm")
  void alarm(IncidentAlarm alarm);

  @QueryMethod
  List<IncidentAlarm> alarms();

  class Impl implements RecordingIncidentWorkflow {
    private final List<IncidentAlarm> alarms = new ArrayList<>();

    @Override
    public void run(IncidentAlarm first) {
      // An incident stays open until people close it; this stand-in never closes.
      Workflow.await(() -> false);
    }

    @Override
    public void alarm(IncidentAlarm alarm) {
      alarms.add(alarm);
    }

    @Override
    public List<IncidentAlarm> alarms() {
      return List.copyOf(alarms);
    }
  }
}
