package com.evalops.cli.demo;

import com.evalops.cli.ExitCodes;
import com.evalops.cli.client.EngineClient;
import com.evalops.cli.client.EngineException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code evalops demo}: the whole scenario on a fresh engine, step by step. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Starts an engine on embedded defaults (its own ports and data folder) and plays the"
          + " operations document's scenario through the API: a weekly regression, an alarm that"
          + " opens a billing incident, simulated labelers, the evaluations and what they found,"
          + " a second incident on cards, a rollback to v14 refused by the release gate, a"
          + " mitigation approved by two leaders, an early safe-mode exit refused, the evidence"
          + " gathered, and billing's approved exit, after which the cards hold stays.",
      "Takes about a minute; the engine stops at the end, its files stay."
    })
public final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--engine",
      paramLabel = "URL",
      description = "Play against this running engine instead of starting one.")
  URI engine;

  @Option(
      names = "--dev-tokens",
      paramLabel = "FILE",
      description =
          "The demo identities' tokens of the engine given with --engine (its"
              + " data/dev-tokens.properties).")
  Path devTokens;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Data folder of the started engine (default: data/demo-<time>).")
  Path dataDir;

  @Option(
      names = "--dataset-root",
      paramLabel = "DIR",
      description = "The demo data set (default: datasets/demo of this checkout).")
  Path datasetRoot;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Path home = Path.of(System.getenv().getOrDefault("EVALOPS_HOME", "."));
    Path dataset = datasetRoot != null ? datasetRoot : home.resolve("datasets").resolve("demo");
    SimulatedLabelers labelers = new SimulatedLabelers(dataset);
    if (engine != null) {
      if (devTokens == null) {
        throw new EngineException(
            0, ExitCodes.INVALID_INPUT, "--engine needs --dev-tokens FILE", null, "--dev-tokens");
      }
      return play(new ClientsByIdentity(engine, devTokens), labelers, out);
    }
    Path folder =
        dataDir != null
            ? dataDir
            : home.resolve("data")
                .resolve(
                    "demo-"
                        + LocalDateTime.now()
                            .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    String jar = System.getenv("EVALOPS_ENGINE_JAR");
    Path engineJar =
        jar != null
            ? Path.of(jar)
            : home.resolve("worker").resolve("target").resolve("evalops-engine.jar");
    out.printf(
        "Starting an engine on embedded defaults (data in %s) ...%n", folder.toAbsolutePath());
    out.flush();
    try (EngineProcess process =
        EngineProcess.start(engineJar, folder.toAbsolutePath(), dataset.toAbsolutePath())) {
      out.printf("Engine up at %s (log: %s)%n", process.url(), process.log());
      int code =
          play(
              new ClientsByIdentity(process.url(), folder.resolve("dev-tokens.properties")),
              labelers,
              out);
      out.printf(
          "%nWhere things are:%n  artifacts      %s%n  Decision Log   %s%n  Change Log     %s%n"
              + "  router configs %s%n  engine log     %s%n",
          process.dataDir().resolve("artifacts"),
          process.dataDir().resolve("decision-log.jsonl"),
          process.dataDir().resolve("change-log.jsonl"),
          process.dataDir().resolve("router-configs"),
          process.log());
      out.println("Stopping the demo engine.");
      return code;
    }
  }

  private static int play(DemoApi api, SimulatedLabelers labelers, PrintWriter out) {
    JsonNode verify = new DemoScenario(api, labelers, out).play();
    boolean intact =
        verify.path("decisionLog").path("intact").asBoolean()
            && verify.path("changeLog").path("intact").asBoolean();
    out.println();
    out.println(intact ? "Demo complete." : "Demo complete, but a log's hash chain is broken.");
    return intact ? ExitCodes.OK : ExitCodes.NOT_PASS;
  }

  /** One engine client per demo identity, each with that identity's token. */
  static final class ClientsByIdentity implements DemoApi {
    private final URI url;
    private final Path tokens;
    private final Map<String, EngineClient> clients = new HashMap<>();

    ClientsByIdentity(URI url, Path tokens) {
      this.url = url;
      this.tokens = tokens;
    }

    @Override
    public JsonNode get(String identity, String path) {
      return call(() -> client(identity).get(path));
    }

    @Override
    public JsonNode post(String identity, String path, Object body) {
      return call(() -> client(identity).post(path, body));
    }

    private EngineClient client(String identity) {
      return clients.computeIfAbsent(
          identity, id -> new EngineClient(url, EngineClient.devToken(tokens, id)));
    }

    private static JsonNode call(java.util.function.Supplier<JsonNode> request) {
      try {
        return request.get();
      } catch (EngineException e) {
        if (e.status() == 400 || e.status() == 403 || e.status() == 409) {
          throw new Refused(e.status(), e.reason());
        }
        throw e;
      }
    }
  }
}
