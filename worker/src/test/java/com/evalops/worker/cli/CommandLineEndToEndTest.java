package com.evalops.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.cli.EvalopsCommand;
import com.evalops.workflows.testing.Await;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code evalops} command line against the real engine: the REST API on a random port, the
 * embedded Temporal server on a free one, the demo data set, and the CLI run in-process exactly as
 * {@code ./evalops} runs it, with the engine URL and the dev tokens file given as options.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "evalops.temporal.embedded-port=-1")
class CommandLineEndToEndTest {
  private static final Path REPO = Path.of(System.getProperty("evalops.repo.root", ".."));
  private static final Path DATA = dataDir();
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration RUNBOOK_WAIT = Duration.ofMinutes(3);

  @LocalServerPort int port;

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    registry.add("evalops.data-dir", DATA::toString);
    registry.add("evalops.dataset-root", () -> REPO.resolve("datasets/demo").toString());
  }

  private static Path dataDir() {
    try {
      Path target = Path.of("target");
      Files.createDirectories(target);
      return Files.createTempDirectory(target.toAbsolutePath(), "cli-e2e-");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  record Run(int exit, String out, String err) {
    JsonNode json() {
      return JSON.readTree(out);
    }
  }

  /** {@code evalops ARGS --engine <this engine> --dev-tokens <its file>}, in-process. */
  private Run evalops(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    if (!all.contains("--engine")) {
      all.addAll(List.of("--engine", "http://localhost:" + port));
    }
    all.addAll(List.of("--dev-tokens", DATA.resolve("dev-tokens.properties").toString()));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = EvalopsCommand.newCommandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(all.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  private Run ok(String... args) {
    Run run = evalops(args);
    assertEquals(0, run.exit(), () -> String.join(" ", args) + "\n" + run.out() + run.err());
    return run;
  }

  @Test
  void givenALaptopEngine_whenOnCallWorksAnIncidentFromTheCommandLine_thenEachVerbAnswers() {
    assertTrue(
        ok("whoami", "--as", "oncall-ana").out().startsWith("oncall-ana (roles: oncall) at http"));

    Run opened =
        ok(
            "incident",
            "start",
            "--alarm",
            "quality-drop",
            "--scope",
            "billing",
            "--harm",
            "--as",
            "oncall-ana");
    assertTrue(
        opened.out().startsWith("opened incident regression-billing in safe mode"), opened.out());
    Run joined =
        ok("incident", "start", "--alarm", "csat-drop", "--scope", "billing", "--as", "oncall-ben");
    assertTrue(
        joined.out().startsWith("joined the open incident regression-billing"), joined.out());

    Run refused =
        evalops("label", "regression-billing", "--ticket", "RL-1", "--correct", "--as", "lead-1");
    assertEquals(1, refused.exit(), refused.out() + refused.err());
    assertEquals(
        "refused: lead-1 lacks the role to submitLabel (needs oncall or labeler)",
        refused.err().strip());

    Run status = ok("status", "regression-billing", "--as", "auditor-au");
    assertTrue(status.out().startsWith("regression-billing  (incident, running)"), status.out());
    assertTrue(status.out().contains("\nstep:"), status.out());
    assertEquals(
        "regression-billing",
        ok("status", "regression-billing", "--json", "--as", "auditor-au")
            .json()
            .path("workflowId")
            .asString());

    ok("runs", "--as", "auditor-au");
    Run verified = ok("decisions", "verify", "--as", "auditor-au");
    assertTrue(verified.out().contains("Decision Log: intact"), verified.out());
  }

  @Test
  void givenAnEvaluationStartedFromTheCommandLine_whenFollowedWithStatus_thenItCompletes()
      throws InterruptedException {
    Run started = ok("run", "eval", "--as", "oncall-ana");
    Matcher id = Pattern.compile("started evaluation (\\S+)").matcher(started.out());
    assertTrue(id.find(), started.out());
    String workflowId = id.group(1);

    JsonNode status = waitUntilDoneOrDeciding(workflowId);
    if ("decide".equals(status.path("state").path("step").asString())) {
      ok("decide", workflowId, "--action", "no_change", "--comment", "e2e", "--as", "oncall-ana");
      status = waitUntilDoneOrDeciding(workflowId);
    }

    assertEquals("COMPLETED", status.path("status").asString(), status.toString());
    Run runs = ok("runs", "--as", "auditor-au");
    assertTrue(runs.out().contains(workflowId.substring("evaluation-".length())), runs.out());
  }

  @Test
  void givenARunIdInUse_whenRunEvalReusesItWithAnotherConfig_thenRefusedNamingTheDifference() {
    Run first = ok("run", "eval", "--run-id", "cli-once", "--config", "v12", "--as", "oncall-ana");
    Run retry = ok("run", "eval", "--run-id", "cli-once", "--config", "v12", "--as", "oncall-ana");
    Run other =
        evalops("run", "eval", "--run-id", "cli-once", "--config", "v14", "--as", "oncall-ana");

    assertEquals(first.out(), retry.out(), "an identical retry names the same run");
    assertEquals(1, other.exit(), other.out() + other.err());
    assertTrue(other.err().contains("run id cli-once"), other.err());
    assertTrue(other.err().contains("configVersion: v12 → v14"), other.err());
  }

  @Test
  void givenNoEngine_whenAVerbRuns_thenExit3SayingHowToStartOne() {
    Run run = evalops("whoami", "--as", "oncall-ana", "--engine", "http://localhost:1");

    assertEquals(3, run.exit());
    assertEquals("no engine at http://localhost:1: start it with ./evalops up", run.err().strip());
  }

  private JsonNode waitUntilDoneOrDeciding(String workflowId) {
    return Await.until(
        workflowId + " done or deciding",
        RUNBOOK_WAIT,
        () -> ok("status", workflowId, "--json", "--as", "auditor-au").json(),
        status ->
            !"RUNNING".equals(status.path("status").asString())
                || "decide".equals(status.path("state").path("step").asString()));
  }
}
