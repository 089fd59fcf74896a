package com.evalops.activities.cadence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.cadence.IncidentAlarm;
import com.evalops.workflows.cadence.OpenIncidentRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class IncidentStarterActivitiesImplTest {
  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(RecordingIncidentWorkflow.Impl.class)
          .build();

  @Test
  void givenTwoAlarmsForOneScope_whenOpened_thenOneIncidentReceivesBoth(
      WorkflowClient client, Worker worker) {
    IncidentStarterActivitiesImpl starter =
        new IncidentStarterActivitiesImpl(client, worker.getTaskQueue());

    String first =
        starter.openIncident(
            new OpenIncidentRequest(
                "refund_request", "daily-qa-safety-violation", true, List.of("T1"), "day-1"));
    String second =
        starter.openIncident(
            new OpenIncidentRequest(
                "refund_request", "daily-qa-safety-violation", true, List.of("T7"), "day-2"));

    assertEquals(WorkflowIds.regression("refund_request"), first);
    assertEquals(first, second);
    // A second incident run would start with its own alarm only: both here means it joined.
    List<IncidentAlarm> alarms =
        client.newWorkflowStub(RecordingIncidentWorkflow.class, first).alarms();
    assertEquals(List.of("day-1", "day-2"), alarms.stream().map(IncidentAlarm::alarmId).toList());
    assertEquals(List.of("T7"), alarms.get(1).ticketIds());
    assertEquals("daily-qa", alarms.get(0).source());
  }
}
