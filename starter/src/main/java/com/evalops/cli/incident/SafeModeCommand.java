package com.evalops.cli.incident;

import com.evalops.cli.client.EngineClient;
import com.evalops.cli.client.EngineCommand;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code evalops safe-mode status}: the scopes held and which holds are orphaned; {@code evalops
 * safe-mode request-exit}: asks to leave an incident's safe mode; {@code evalops safe-mode
 * release}: asks leadership to release an orphaned hold.
 */
@Command(
    name = "safe-mode",
    mixinStandardHelpOptions = true,
    description = "An incident's safe mode (the router sends the scope's tickets to people).",
    subcommands = {
      SafeModeCommand.Status.class,
      SafeModeCommand.RequestExit.class,
      SafeModeCommand.Release.class
    })
public final class SafeModeCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "name what to do: status, request-exit, release");
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = {
        "The scopes held in safe mode in the router config in force, each holder, and whether"
            + " the hold is live (its runbook runs) or orphaned (it ended without releasing;"
            + " only an approved leadership release removes it). Exit 0 either way.",
        "Any identity."
      })
  public static final class Status extends EngineCommand {
    @Override
    protected int execute(EngineClient engine) {
      JsonNode answer = engine.get(EngineClient.path("safe-mode"));
      return print(answer, out -> table(out, answer));
    }

    static void table(PrintWriter out, JsonNode status) {
      JsonNode holds = status.path("holds");
      out.printf(
          "Router config %s: safe mode %s%n",
          status.path("configVersion").asText(),
          status.path("safeMode").asBoolean() ? "ON for everything" : "off for everything");
      if (holds.isEmpty()) {
        out.println("No scope is held.");
        return;
      }
      out.printf("%-22s %-34s %-9s %s%n", "SCOPE", "HOLDER", "STATE", "WHY");
      int orphaned = 0;
      for (JsonNode h : holds) {
        String state = h.path("state").asText();
        if ("orphaned".equals(state)) {
          orphaned++;
        }
        out.printf(
            "%-22s %-34s %-9s %s%n",
            h.path("scope").asText(),
            h.path("holder").asText(),
            "orphaned".equals(state) ? "ORPHANED" : state,
            h.path("why").asText());
      }
      if (orphaned > 0) {
        out.printf(
            "%d orphaned hold(s): they stay in force until an approved leadership release"
                + " removes them (evalops safe-mode release --scope S --holder H).%n",
            orphaned);
      }
    }
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

  @Command(
      name = "release",
      mixinStandardHelpOptions = true,
      description = {
        "Asks leadership to release an orphaned hold: one whose runbook ended without releasing"
            + " it (see `safe-mode status`). The engine starts the runbook"
            + " safe-mode-release-<scope>-<holder>: it asks Temporal whether the holder still runs"
            + " (a live hold is refused: its own approved exit releases it), evaluates the config"
            + " without the hold on the golden set, and waits for leadership's approval of the"
            + " change's digest (evalops approve <workflow id> --request release --digest D).",
        "Needs the oncall or leadership role."
      })
  public static final class Release extends EngineCommand {
    @Option(names = "--scope", required = true, paramLabel = "SCOPE", description = "The scope.")
    String scope;

    @Option(
        names = "--holder",
        required = true,
        paramLabel = "HOLDER",
        description = "The holder, as `safe-mode status` lists it.")
    String holder;

    @Option(names = "--comment", paramLabel = "TEXT", description = "Why, for the record.")
    String comment;

    @Override
    protected int execute(EngineClient engine) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("scope", scope);
      body.put("holder", holder);
      body.put("comment", comment);
      JsonNode answer = engine.post(EngineClient.path("safe-mode", "releases"), body);
      return print(
          answer,
          out ->
              out.printf(
                  "release of %s's hold on %s started as %s; leadership votes on its request"
                      + " \"release\" once the candidate is evaluated (evalops status %s)%n",
                  holder,
                  scope,
                  answer.path("workflowId").asText(),
                  answer.path("workflowId").asText()));
    }
  }
}
