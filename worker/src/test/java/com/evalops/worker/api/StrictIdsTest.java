package com.evalops.worker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.harness.ids.SafeIds;
import com.evalops.worker.EngineTestSupport;
import com.evalops.workflows.WorkflowIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Ids that name folders and files follow one rule, and a file a request names must be the engine's
 * own (issue 12, point 3), over real HTTP against the whole engine: an id that is a path, a parent
 * step or a system folder is refused with 400 naming the field and the rule before anything runs; a
 * sample outside the engine's folders is refused without being read, so no error shows a byte of
 * it; nothing is written outside the data folder.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "evalops.temporal.embedded-port=-1")
class StrictIdsTest {
  /** The data folder is alone in its parent: anything else appearing there escaped it. */
  static final Path PARENT = EngineTestSupport.newDataDir();

  static final Path DATA = PARENT.resolve("data");

  /** A file outside the engine's folders that a request tries to have it read. */
  static final Path OUTSIDE = EngineTestSupport.newDataDir().resolve("secret.jsonl");

  static final Duration WAIT = Duration.ofMinutes(3);

  @LocalServerPort int port;

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) throws IOException {
    Files.createDirectories(DATA);
    Files.writeString(OUTSIDE, "root:x:0:0:root:/root:/bin/bash\n");
    registry.add("evalops.data-dir", DATA::toString);
    registry.add("evalops.dataset-root", () -> EngineTestSupport.demoDataset().toString());
  }

  private EngineHttp api() {
    return new EngineHttp(DATA, port);
  }

  private static String body(String field, String value) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put(field, value);
    return body.toString();
  }

  @Test
  void givenIdsThatArePaths_whenStartingAnEvaluation_then400NamingTheFieldAndNothingEscapes() {
    Path escaped = PARENT.resolve("escaped");
    List<List<String>> refused =
        List.of(
            List.of("runId", "/tmp/x"),
            List.of("runId", escaped.toString()),
            List.of("runId", "../../x"),
            List.of("runId", "a/../../x"),
            List.of("goldenVersion", "/etc"),
            List.of("goldenVersion", "../../x"),
            List.of("baselineRunId", "../x"),
            List.of("configVersion", "../../x"));

    for (List<String> attempt : refused) {
      EngineHttp.Reply reply =
          api().call("oncall-ana", "POST", "/api/runs/eval", body(attempt.get(0), attempt.get(1)));

      assertEquals(400, reply.status(), attempt + ": " + reply.body());
      JsonNode error = reply.json();
      assertEquals(attempt.get(0), error.path("field").asString(), reply.body());
      assertEquals(SafeIds.RULE, error.path("allowed").asString(), reply.body());
      assertTrue(error.path("reason").asString().contains(SafeIds.RULE), reply.body());
    }

    assertEquals(
        404,
        api()
            .call("auditor-au", "GET", "/api/runs/" + WorkflowIds.evaluation("/tmp/x"), null)
            .status());
    assertFalse(Files.exists(escaped));
    assertEquals(List.of("data"), names(PARENT), "written beside the data folder");
  }

  @Test
  void givenFilesOutsideTheEnginesFolders_whenNamedAsSample_then400WithoutReadingThem() {
    for (String ref :
        List.of(
            "file:///etc/passwd",
            "/etc/passwd",
            OUTSIDE.toString(),
            OUTSIDE.toUri().toString(),
            DATA.resolve("../../" + OUTSIDE.getParent().getFileName() + "/secret.jsonl").toString(),
            "s3://bucket/eval_runs/x/tickets.jsonl")) {
      EngineHttp.Reply reply =
          api().call("oncall-ana", "POST", "/api/runs/eval", body("sampleRef", ref));

      assertEquals(400, reply.status(), ref + ": " + reply.body());
      assertEquals("sampleRef", reply.json().path("field").asString(), reply.body());
      assertTrue(reply.json().path("allowed").asString().contains(DATA.toString()), reply.body());
      assertFalse(reply.body().contains("root:") || reply.body().contains("'root'"), reply.body());
    }
    assertEquals(List.of("data"), names(PARENT), "written beside the data folder");
  }

  /** A sample the engine itself keeps (incidents and daily QA hand out file: URIs) still runs. */
  @Test
  void givenASampleUnderTheDataFolder_whenNamedByItsFileUri_thenEvaluated() throws IOException {
    Path sample = Files.createDirectories(DATA.resolve("samples/manual")).resolve("tickets.jsonl");
    List<String> golden =
        Files.readAllLines(EngineTestSupport.demoDataset().resolve("golden/v2/tickets.jsonl"));
    Files.write(sample, golden.subList(0, 40));
    String request =
        "{\"runId\":\"own-sample\",\"sampleRef\":\"" + sample.toUri() + "\",\"noBaseline\":true}";

    JsonNode started = api().ok("oncall-ana", "POST", "/api/runs/eval", request);
    JsonNode run =
        api()
            .awaitRun(
                started.path("workflowId").asString(),
                "its verdict",
                WAIT,
                r ->
                    !r.path("state").path("verdict").isMissingNode()
                        && !r.path("state").path("verdict").isNull());

    assertTrue(run.path("state").path("history").toString().contains("40 tickets"), run.toString());
  }

  @Test
  void givenArtifactsOfAnIdThatIsAPath_whenRead_then400NamingRunId() {
    EngineHttp.Reply reply = api().call("auditor-au", "GET", "/api/artifacts/a..b", null);

    assertEquals(400, reply.status(), reply.body());
    assertEquals("runId", reply.json().path("field").asString(), reply.body());
  }

  private static List<String> names(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
