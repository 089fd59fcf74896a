package com.evalops.cli.incident;

import com.evalops.cli.client.EngineClient;
import com.evalops.cli.client.EngineCommand;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code evalops safe-mode request-exit}: asks to leave an incident's safe mode. */
@Command(
    name = "safe-mode",
    mixinStandardHelpOptions = true,
    description = "An incident's safe mode (the router sends the scope's tickets to people).",
    subcommands = SafeModeCommand.RequestExit.class)
public final class SafeModeCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "name what to do: request-exit");
  }

  @Command(
      name = "request-exit",
      mixinStandardHelpOptions = true,
      description = {
        "Asks to leave safe mode; the incident opens an approval request when the exit"
            + " conditions hold (enough passing evaluations, a clean QA window), and refuses"
            + " naming the unmet ones otherwise (exit 1).",
        "Needs the oncall role."
      })
  public static final class RequestExit extends EngineCommand {
    @Option(names = "--scope", required = true, paramLabel = "SCOPE", description = "The scope.")
    String scope;

    @Option(names = "--comment", paramLabel = "TEXT", description = "Why now.")
    String comment;

    @Override
    protected int execute(EngineClient engine) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("comment", comment);
      JsonNode answer =
          engine.post(EngineClient.path("incidents", scope, "safe-mode", "exit"), body);
      return print(
          answer, out -> IncidentCommand.receipt(out, answer, IncidentCommand.workflowId(scope)));
    }
  }
}
