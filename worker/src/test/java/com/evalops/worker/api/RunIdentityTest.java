package com.evalops.worker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.activities.ledger.DecisionEntry;
import com.evalops.activities.ledger.Ledger;
import com.evalops.worker.EngineTestSupport;
import io.temporal.client.WorkflowClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A run id names one run forever, over real HTTP against the whole engine (embedded Temporal, real
 * workflows and activities on the demo data): an identical retry gets the same run, other inputs
 * under the same id are refused with 409 naming what differs, before and after the run ends.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "evalops.temporal.embedded-port=-1")
class RunIdentityTest {
  static final Path DATA = EngineTestSupport.newDataDir();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @LocalServerPort int port;
  @Autowired WorkflowClient client;
  @Autowired Ledger<DecisionEntry> decisionLog;

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    registry.add("evalops.data-dir", DATA::toString);
    registry.add("evalops.dataset-root", () -> EngineTestSupport.demoDataset().toString());
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
}
