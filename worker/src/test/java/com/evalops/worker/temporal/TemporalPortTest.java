package com.evalops.worker.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.worker.EngineTestSupport;
import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.RefusalNotice;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.approval.SubmitLabelRequest;
import com.evalops.workflows.approval.VoteRequest;
import com.evalops.workflows.incident.AlarmNotice;
import com.evalops.workflows.incident.EvaluationNotice;
import com.evalops.workflows.incident.IncidentState;
import com.evalops.workflows.incident.QaWindowNotice;
import com.evalops.workflows.incident.RegressionIncidentWorkflow;
import com.evalops.workflows.testing.Await;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Temporal port is no way around the API: a client that reaches the engine's Temporal frontend
 * without the engine's payload key gets no label, vote, evaluation record, QA window or alarm
 * counted, each attempt is refused and recorded, and the run keeps its state and goes on through
 * the API.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "evalops.temporal.embedded-port=-1")
class TemporalPortTest {
  static final Path DATA = EngineTestSupport.newDataDir();
  static final Duration WAIT = Duration.ofMinutes(2);
  static final String ID = WorkflowIds.regression("billing");

  @LocalServerPort int port;
  @Autowired WorkflowClient engine;

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    registry.add("evalops.data-dir", DATA::toString);
    registry.add("evalops.dataset-root", () -> EngineTestSupport.demoDataset().toString());
  }

  @Test
  void givenAClientWithoutTheKey_whenItWritesToARunbook_thenNothingCountsAndEachAttemptIsRecorded()
      throws Exception {
    assertEquals(
        202,
        api(
                "oncall-ana",
                "/api/incidents",
                "{\"scope\":\"billing\",\"alarm\":\"quality-drop\",\"harm\":true}")
            .statusCode());
    RegressionIncidentWorkflow incident =
        engine.newWorkflowStub(RegressionIncidentWorkflow.class, ID);
    IncidentState labeling = await(incident, s -> "labeling".equals(s.step()));
    String ticket = labeling.labeling().sample().ticketIds().get(0);

    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget(engine.getWorkflowServiceStubs().getOptions().getTarget())
                .build());
    try {
      WorkflowClient outsider =
          WorkflowClient.newInstance(
              stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
      RegressionIncidentWorkflow forged =
          outsider.newWorkflowStub(RegressionIncidentWorkflow.class, ID);
      Actor labeler = new Actor("labeler-li", Set.of(Role.LABELER), "api");
      Actor lead = new Actor("lead-1", Set.of(Role.LEADERSHIP), "api");

      assertThrows(
          RuntimeException.class,
          () ->
              forged.submitLabel(
                  new SubmitLabelRequest(
                      ticket, labeler, true, true, false, null, null, null, null, "forged")));
      assertThrows(
          RuntimeException.class,
          () ->
              forged.recordEvaluation(
                  new EvaluationNotice(
                      lead, "forged-run", labeling.configVersion(), "PASS", "file:///tmp/x")));
      assertThrows(
          RuntimeException.class,
          () -> forged.recordQaWindow(new QaWindowNotice(lead, "forged-qa", 50, 0)));
      assertThrows(
          RuntimeException.class,
          () ->
              forged.vote(new VoteRequest("mitigation-1", lead, true, "forged", null, null, null)));
      // Signals reach the server; the engine's worker drops them unread.
      forged.alarm(new AlarmNotice("billing", "forged-alarm", "outsider", "forged"));
      forged.recordRefusal(new RefusalNotice(labeler, "submitLabel", ticket, "forged"));

      Await.until(
          "six refusals of the outsider's payloads",
          WAIT,
          TemporalPortTest::temporalRefusals,
          n -> n >= 6);
    } finally {
      stubs.shutdownNow();
    }

    IncidentState after = incident.state();
    assertTrue(after.labeling().labels().isEmpty(), after.labeling().labels().toString());
    assertTrue(after.evaluations().isEmpty(), after.evaluations().toString());
    assertEquals(1, after.alarms().size(), after.alarms().toString());
    assertTrue(after.labeling().refusals().isEmpty(), "the forged refusal is not recorded either");
    assertTrue(
        refusals().contains("only the engine writes to its workflows"), "the reason is recorded");

    // The run kept its state and goes on through the API.
    HttpResponse<String> label =
        api(
            "labeler-li",
            "/api/runs/" + ID + "/labels",
            "{\"ticketId\":\"" + ticket + "\",\"correctTeam\":true,\"correctTemplate\":true}");
    assertEquals(200, label.statusCode(), label.body());
    await(incident, s -> s.labeling().labels().size() == 1);
    // Replays read the forged signals again, and refuse them again, without recording them again.
    assertEquals(6, temporalRefusals(), refusals());
  }

  private HttpResponse<String> api(String identity, String path, String json) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + EngineTestSupport.token(DATA, identity))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static IncidentState await(
      RegressionIncidentWorkflow incident, Predicate<IncidentState> done) {
    return Await.until("the incident", WAIT, incident::state, done);
  }

  private static String refusals() {
    try {
      Path file = DATA.resolve("refusals.jsonl");
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long temporalRefusals() {
    return refusals().lines().filter(l -> l.contains("\"channel\":\"temporal\"")).count();
  }
}
