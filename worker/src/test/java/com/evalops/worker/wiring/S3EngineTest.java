package com.evalops.worker.wiring;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.evalops.harness.release.ConfigChange;
import com.evalops.harness.release.ConfigOperation;
import com.evalops.harness.release.ReleaseRules;
import com.evalops.stores.artifact.ArtifactStore;
import com.evalops.stores.config.RouterConfigStore;
import com.evalops.stores.config.S3RouterConfigStore;
import com.evalops.stores.storage.S3TestServer;
import com.evalops.worker.EngineTestSupport;
import com.evalops.worker.config.EvalopsProperties;
import com.evalops.workflows.config.ConfigReleaseActivities;
import com.evalops.workflows.config.PrepareReleaseRequest;
import com.evalops.workflows.config.PreparedRelease;
import com.evalops.workflows.runbook.EvaluationOutcome;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/**
 * The engine with {@code evalops.artifacts.store=s3} against a real S3-compatible server: an
 * evaluation started through the API leaves its artifacts under {@code <prefix>/eval_runs/} and its
 * Decision Log entry under {@code <prefix>/ledgers/}, and both read back through the API; the
 * router configs are seeded under {@code <prefix>/router-configs/}, where a release prepared by a
 * workflow through the runbook task queue stores its candidate.
 */
@SpringBootTest(properties = {"evalops.temporal.embedded-port=-1", "evalops.artifacts.store=s3"})
@AutoConfigureMockMvc
class S3EngineTest {
  static final Path DATA = EngineTestSupport.newDataDir();
  static final S3TestServer.Bucket BUCKET = S3TestServer.standaloneBucket();

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry registry) {
    // The SDK's default credential chain reads these system properties.
    System.setProperty("aws.accessKeyId", S3TestServer.ACCESS_KEY_ID);
    System.setProperty("aws.secretAccessKey", S3TestServer.SECRET_ACCESS_KEY);
    registry.add("evalops.data-dir", DATA::toString);
    registry.add("evalops.dataset-root", () -> EngineTestSupport.demoDataset().toString());
    registry.add("evalops.s3.bucket", BUCKET::name);
    registry.add("evalops.s3.prefix", () -> "team-a");
    registry.add("evalops.s3.endpoint", () -> BUCKET.endpoint().toString());
    registry.add("evalops.s3.path-style", () -> "true");
  }

  @Autowired MockMvc mvc;
  @Autowired WorkflowClient client;
  @Autowired ArtifactStore artifacts;
  @Autowired RouterConfigStore configs;
  @Autowired EvalopsProperties props;

  /** A workflow on its own queue that calls the release activities on the runbook queue. */
  @WorkflowInterface
  public interface ReleaseProbe {
    @WorkflowMethod
    PreparedRelease prepare(String runbookQueue, PrepareReleaseRequest request);
  }

  public static class ReleaseProbeImpl implements ReleaseProbe {
    @Override
    public PreparedRelease prepare(String runbookQueue, PrepareReleaseRequest request) {
      return Workflow.newActivityStub(
              ConfigReleaseActivities.class,
              ActivityOptions.newBuilder()
                  .setTaskQueue(runbookQueue)
                  .setStartToCloseTimeout(Duration.ofMinutes(1))
                  .build())
          .prepare(request);
    }
  }

  @Test
  void givenS3Store_whenAReleaseIsPreparedByAWorkflow_thenItsCandidateIsStoredInTheBucket() {
    assertTrue(configs instanceof S3RouterConfigStore, configs.getClass().getName());
    assertEquals("v12", configs.current().configVersion());
    WorkerFactory factory = WorkerFactory.newInstance(client);
    try {
      factory
          .newWorker("release-probe")
          .registerWorkflowImplementationTypes(ReleaseProbeImpl.class);
      factory.start();
      ReleaseProbe probe =
          client.newWorkflowStub(
              ReleaseProbe.class,
              WorkflowOptions.newBuilder()
                  .setTaskQueue("release-probe")
                  .setWorkflowId("release-probe-1")
                  .setWorkflowExecutionTimeout(Duration.ofMinutes(2))
                  .build());

      PreparedRelease prepared =
          probe.prepare(
              props.taskQueue(),
              new PrepareReleaseRequest(
                  "release-probe-1",
                  new ConfigChange(null, List.of(ConfigOperation.setPrompt("p8"))),
                  "oncall-ana"));

      assertTrue(prepared.valid(), prepared.problems().toString());
      assertEquals("v12", prepared.change().baseVersion());
      assertEquals(ReleaseRules.Gate.EVALUATE, prepared.gate());
      assertEquals(List.of("prompt_version: p7 -> p8"), prepared.diffLines());
      assertTrue(
          BUCKET
                  .client()
                  .headObject(
                      b ->
                          b.bucket(BUCKET.name())
                              .key(
                                  "team-a/router-configs/versions/router-config-"
                                      + prepared.candidateVersion()
                                      + ".json"))
                  .contentLength()
              > 0);
      assertEquals("v12", configs.current().configVersion());
    } finally {
      factory.shutdownNow();
    }
  }

  @Test
  void givenS3Store_whenAnEvaluationRuns_thenArtifactsAndDecisionLogAreInTheBucket()
      throws Exception {
    String token = "Bearer " + EngineTestSupport.token(DATA, "oncall-ana");
    mvc.perform(
            post("/api/runs/eval")
                .header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"runId\":\"s3-check\"}"))
        .andExpect(status().isAccepted());
    EvaluationOutcome outcome =
        client
            .newUntypedWorkflowStub("evaluation-s3-check")
            .getResult(120, TimeUnit.SECONDS, EvaluationOutcome.class);
    assertEquals("PASS", outcome.verdict());
    assertTrue(
        outcome.artifactLocation().startsWith("s3://" + BUCKET.name() + "/team-a/eval_runs/"));
    assertTrue(artifacts.exists("s3-check"));

    ListObjectsV2Response ledger =
        BUCKET.client().listObjectsV2(b -> b.bucket(BUCKET.name()).prefix("team-a/ledgers/"));
    assertTrue(
        ledger.contents().stream()
            .anyMatch(o -> o.key().startsWith("team-a/ledgers/decision-log/0")),
        ledger.contents().toString());
    assertTrue(
        ledger.contents().stream()
            .anyMatch(o -> o.key().equals("team-a/ledgers/decision-log/head.json")),
        ledger.contents().toString());

    mvc.perform(get("/api/artifacts/s3-check").header("Authorization", token))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.files['metrics.json'].sha256").isString());
    mvc.perform(get("/api/decisions/verify").header("Authorization", token))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.decisionLog.intact").value(true))
        .andExpect(jsonPath("$.decisionLog.intactEntries").value(1));
    mvc.perform(get("/api/runs").header("Authorization", token))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[0].content.artifact_location", containsString("s3://")));
  }
}
