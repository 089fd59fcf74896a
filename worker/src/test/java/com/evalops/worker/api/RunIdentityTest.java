package com.evalops.worker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.stores.ledger.DecisionEntry;
import com.evalops.stores.ledger.Ledger;
import com.evalops.worker.EngineTestSupport;
import com.evalops.worker.SimulatedLabelers;
import com.evalops.workflows.WorkflowIds;
import io.temporal.client.WorkflowClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Runs, incidents and baselines have one identity each (config-releases §7), over real HTTP against
 * the whole engine (embedded Temporal, real workflows and activities on the demo data): a run id
 * names one run forever (an identical retry gets the same run, other inputs under the same id are
 * refused with 409 naming what differs, before and after the run ends); each incident of a scope
 * has an id of its own, while the scope's id finds the open one; an evaluation compares with the
 * accepted baseline unless told otherwise.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "evalops.temporal.embedded-port=-1")
class RunIdentityTest {
  static final Path DATA = EngineTestSupport.newDataDir();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final Duration WAIT = Duration.ofMinutes(3);
  static final SimulatedLabelers LABELERS = new SimulatedLabelers(EngineTestSupport.demoDataset());
  static final String BILLING = WorkflowIds.regression("billing");
  static final String OPEN_BILLING = "{\"scope\":\"billing\",\"alarm\":\"quality-drop\"}";

  @LocalServerPort int port;
  @Autowired WorkflowClient client;
  @Autowired Ledger<DecisionEntry> decisionLog;

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    registry.add("evalops.data-dir", DATA::toString);
    registry.add("evalops.dataset-root", () -> EngineTestSupport.demoDataset().toString());
  }

  private EngineHttp api() {
    return new EngineHttp(DATA, port);
  }

  private HttpResponse<String> startEval(String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/runs/eval"))
            .header("Authorization", "Bearer " + EngineTestSupport.token(DATA, "oncall-ana"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private String temporalRunId(String workflowId) {
    return client.newUntypedWorkflowStub(workflowId).describe().getExecution().getRunId();
  }

  @Test
  void givenARunId_whenReusedWithOtherInputs_then409NamingTheDifferenceAndIdenticalRetriesJoin()
      throws Exception {
    String v12 = "{\"runId\":\"nightly-7\",\"configVersion\":\"v12\",\"goldenVersion\":\"v2\"}";
    String v14 = "{\"runId\":\"nightly-7\",\"configVersion\":\"v14\",\"goldenVersion\":\"v2\"}";

    HttpResponse<String> first = startEval(v12);
    String run = temporalRunId("evaluation-nightly-7");
    HttpResponse<String> retryWhileRunning = startEval(v12);
    client
        .newUntypedWorkflowStub("evaluation-nightly-7")
        .getResult(120, TimeUnit.SECONDS, Object.class);
    HttpResponse<String> otherConfig = startEval(v14);
    HttpResponse<String> retryAfterEnd = startEval(v12);

    assertEquals(202, first.statusCode(), first.body());
    assertTrue(first.body().contains("\"workflowId\":\"evaluation-nightly-7\""), first.body());
    assertEquals(202, retryWhileRunning.statusCode(), retryWhileRunning.body());
    assertEquals(first.body(), retryWhileRunning.body());
    assertEquals(409, otherConfig.statusCode(), otherConfig.body());
    assertTrue(otherConfig.body().contains("run id nightly-7"), otherConfig.body());
    assertTrue(otherConfig.body().contains("configVersion: v12 → v14"), otherConfig.body());
    assertEquals(202, retryAfterEnd.statusCode(), retryAfterEnd.body());
    assertEquals(first.body(), retryAfterEnd.body());
    assertEquals(run, temporalRunId("evaluation-nightly-7"), "no second run was started");
    assertEquals(
        1,
        decisionLog.read(d -> d.runId().equals("nightly-7")).size(),
        "one Decision Log entry for the one run");
  }

  @Test
  void givenAcceptAsBaseline_whenStarting_then400SayingOnlyTheWeeklyReviewAccepts()
      throws Exception {
    HttpResponse<String> refused =
        startEval("{\"runId\":\"wants-baseline\",\"acceptAsBaseline\":true}");

    assertEquals(400, refused.statusCode(), refused.body());
    assertTrue(refused.body().contains("weekly review"), refused.body());
  }

  @Test
  void givenAClosedBillingIncident_whenBillingAlarmsAgain_thenTheNewIncidentOwnsItsIdsAndIsFound()
      throws Exception {
    EngineHttp api = api();
    JsonNode first = openAndClose(api);
    String firstId = first.path("incidentId").asString();

    JsonNode opened = api.ok("oncall-ana", "POST", "/api/incidents", OPEN_BILLING);
    assertFalse(opened.path("joined").asBoolean(), "joined the closed incident: " + opened);
    JsonNode found =
        api.awaitRun(
            BILLING,
            "the second incident's labeling",
            WAIT,
            r ->
                !firstId.equals(r.path("state").path("incidentId").asString())
                    && "labeling".equals(r.path("state").path("step").asString()));
    // The scope's id finds the open incident, the second.
    assertEquals("RUNNING", found.path("status").asString(), found.toString());
    JsonNode labeling = found.path("state");
    String secondId = labeling.path("incidentId").asString();
    assertNotEquals(firstId, secondId);
    assertTrue(secondId.startsWith(BILLING + "-"), secondId);
    String firstSample = first.path("labeling").path("sample").path("sampleId").asString();
    String secondSample = labeling.path("labeling").path("sample").path("sampleId").asString();
    assertTrue(firstSample.contains(firstId), firstSample);
    assertTrue(secondSample.contains(secondId), secondSample);
    assertEquals(0, labeling.path("labeling").path("labels").size(), "labels carried over");
    assertEquals(List.of(), values(found.path("decisions"), "content", "entry_id"));
    JsonNode queue = api.ok("labeler-li", "GET", "/api/runs/" + BILLING + "/labeling", null);
    assertEquals(
        queue.path("tickets").size(), queue.path("remaining").size(), "labeled already: " + queue);

    JsonNode second = close(api, secondId);

    List<String> firstRuns = values(first.path("evaluations"), "runId");
    List<String> secondRuns = values(second.path("evaluations"), "runId");
    assertEquals(List.of(firstId + "-sample", firstId + "-golden"), firstRuns);
    assertEquals(List.of(secondId + "-sample", secondId + "-golden"), secondRuns);
    List<String> reports = new ArrayList<>(values(first.path("evaluations"), "artifactLocation"));
    reports.addAll(values(second.path("evaluations"), "artifactLocation"));
    assertEquals(4, Set.copyOf(reports).size(), "a report shared between incidents: " + reports);
    for (String run : secondRuns) {
      JsonNode child = api.run(WorkflowIds.evaluation(run));
      assertEquals("COMPLETED", child.path("status").asString(), child.toString());
    }

    List<String> incidentEntries = new ArrayList<>();
    for (JsonNode entry : api.ok("auditor-au", "GET", "/api/runs", null)) {
      String runId = entry.path("content").path("run_id").asString();
      if (runId.equals(firstId) || runId.equals(secondId)) {
        incidentEntries.add(entry.path("content").path("entry_id").asString());
      }
    }
    assertEquals(
        Set.of(firstId + "/decision", secondId + "/decision"),
        Set.copyOf(incidentEntries),
        "one Decision Log entry per incident, under its own id: " + incidentEntries);
    assertEquals(2, incidentEntries.size(), incidentEntries.toString());
    // The console's page of the scope shows the latest incident's decisions, not the first's.
    String page = api.consolePage("auditor-au", "/console/runs/" + BILLING);
    assertTrue(page.contains(secondId + "/decision"), page);
    assertFalse(page.contains(firstId), "the first incident shown on the second's page");
  }

  @Test
  void givenAnAcceptedBaseline_whenAnAdHocRunNamesNone_thenComparedWithItAndReviewNamesTheIntent()
      throws Exception {
    EngineHttp api = api();
    String weekly = WorkflowIds.weeklyRegression("2025-W50");
    api.ok("oncall-ana", "POST", "/api/runs/weekly", "{\"weekId\":\"2025-W50\"}");
    api.awaitRun(
        weekly,
        "its baseline review",
        WAIT,
        r -> r.path("state").path("review").path("pending").size() > 0);
    api.ok(
        "labeler-li",
        "POST",
        "/api/runs/" + weekly + "/votes",
        "{\"requestId\":\"weekly-2025-W50/baseline\",\"approve\":true,\"comment\":\"ok\"}");
    JsonNode ended =
        api.awaitRun(weekly, "its end", WAIT, r -> "COMPLETED".equals(r.path("status").asString()));
    // The weekly run's own entry (its review) is found by its workflow id, though its run id is
    // the evaluation's (weekly-2025-W50).
    assertTrue(
        values(ended.path("decisions"), "content", "entry_id").contains(weekly + "/review"),
        ended.path("decisions").toString());

    assertEquals(
        202, startEval("{\"runId\":\"adhoc-v13\",\"configVersion\":\"v13\"}").statusCode());
    JsonNode run =
        api.awaitRun(
            WorkflowIds.evaluation("adhoc-v13"),
            "its verdict",
            WAIT,
            r ->
                !r.path("state").path("verdict").isNull()
                    && !r.path("state").path("verdict").isMissingNode());

    assertEquals("REVIEW", run.path("state").path("verdict").asString(), run.toString());
    JsonNode comparison =
        api.ok("auditor-au", "GET", "/api/artifacts/adhoc-v13/files/comparison.json", null);
    assertEquals("weekly-2025-W50", comparison.path("baseline_run_id").asString());
    assertEquals(
        "refund_status", comparison.path("largest_shifts").get(0).path("intent").asString());
    String reasons = run.path("state").path("history").toString();
    assertTrue(reasons.contains("compared with baseline weekly-2025-W50"), reasons);
    assertTrue(reasons.contains("(largest: refund_status,"), reasons);
  }

  /** Opens a billing incident (no harm possible) and drives it to its close. */
  private JsonNode openAndClose(EngineHttp api) throws Exception {
    api.ok("oncall-ana", "POST", "/api/incidents", OPEN_BILLING);
    JsonNode labeling =
        api.awaitRun(
            BILLING,
            "labeling",
            WAIT,
            r -> "labeling".equals(r.path("state").path("step").asString()));
    return close(api, labeling.path("state").path("incidentId").asString());
  }

  /**
   * Labels the open billing incident {@code incidentId}, proposes a mitigation that a second
   * on-call rejects (so the config in force stays as other tests expect), and waits for the close.
   */
  private JsonNode close(EngineHttp api, String incidentId) throws Exception {
    api.labelAll(BILLING, LABELERS);
    api.awaitRun(
        BILLING,
        "mitigation_proposal",
        WAIT,
        r -> "mitigation_proposal".equals(r.path("state").path("step").asString()));
    JsonNode receipt =
        api.ok(
            "oncall-ana",
            "POST",
            "/api/incidents/billing/mitigation",
            "{\"operations\":[{\"op\":\"set_threshold\",\"target\":\"fee_schedule\","
                + "\"value\":0.95}],\"comment\":\"fewer wrong replies\"}");
    api.ok(
        "oncall-ben",
        "POST",
        "/api/runs/" + BILLING + "/votes",
        "{\"requestId\":\""
            + receipt.path("requestId").asString()
            + "\",\"approve\":false,\"comment\":\"the sample does not show it\"}");
    JsonNode closed =
        api.awaitRun(
            BILLING, "its close", WAIT, r -> "COMPLETED".equals(r.path("status").asString()));
    assertEquals(incidentId, closed.path("state").path("incidentId").asString());
    assertEquals("closed", closed.path("state").path("step").asString(), closed.toString());
    assertEquals(
        List.of(incidentId + "/decision"),
        values(closed.path("decisions"), "content", "entry_id"),
        "the scope's id shows the incident's own decision");
    return closed.path("state");
  }

  private static List<String> values(JsonNode array, String... path) {
    List<String> values = new ArrayList<>();
    for (JsonNode item : array) {
      JsonNode value = item;
      for (String field : path) {
        value = value.path(field);
      }
      values.add(value.asString());
    }
    return values;
  }
}
