package com.evalops.activities.cadence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.evalops.harness.contract.TaxonomyFile;
import com.evalops.stores.config.LocalRouterConfigStore;
import com.evalops.stores.ledger.LocalLedger;
import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.audit.RunbookSearchAttributes;
import com.evalops.workflows.cadence.OpenIncidentRequest;
import com.evalops.workflows.incident.AlarmNotice;
import com.evalops.workflows.incident.RegressionIncidentWorkflow;
import com.evalops.workflows.incident.RegressionIncidentWorkflowImpl;
import com.evalops.workflows.incident.StartRegressionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class IncidentStarterActivitiesImplTest {
  static final Path DEMO =
      Path.of(System.getProperty("evalops.repo.root", "..")).resolve("datasets/demo");

  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(RegressionIncidentWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  @TempDir Path data;

  /** The starter as the engine wires it, on the demo taxonomy and configs. */
  static IncidentStarterActivitiesImpl starter(WorkflowClient client, String queue, Path data) {
    LocalRouterConfigStore.seed(data.resolve("configs"), DEMO.resolve("configs"), "v12");
    return new IncidentStarterActivitiesImpl(
        client,
        queue,
        new LocalRouterConfigStore(
            data.resolve("configs"), LocalLedger.changeLog(data.resolve("changes.jsonl"))),
        () -> TaxonomyFile.load(DEMO.resolve("taxonomy.json")),
        "v2");
  }

  static void registerSearchAttributes(TestWorkflowEnvironment env) {
    for (SearchAttributeKey<?> key : RunbookSearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), key.getValueType());
    }
  }

  @Test
  void givenTwoAlarmsForOneScope_whenOpened_thenOneIncidentReceivesBoth(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    registerSearchAttributes(env);
    env.start();
    IncidentStarterActivitiesImpl starter = starter(client, worker.getTaskQueue(), data);

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
    List<AlarmNotice> alarms =
        client.newWorkflowStub(RegressionIncidentWorkflow.class, first).state().alarms();
    assertEquals(2, alarms.size(), alarms.toString());
    assertEquals("daily-qa", alarms.get(0).source());
    assertEquals("alarm day-2: flagged tickets [T7]", alarms.get(1).detail());
    // The incident evaluates the engine's current golden version, as one opened through the API.
    StartRegressionRequest opened =
        client
            .fetchHistory(first)
            .getEvents()
            .get(0)
            .getWorkflowExecutionStartedEventAttributes()
            .getInput()
            .getPayloadsList()
            .stream()
            .map(
                p ->
                    DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
                        p, StartRegressionRequest.class, StartRegressionRequest.class))
            .findFirst()
            .orElseThrow();
    assertEquals("v2", opened.goldenVersion());
  }
}
