package com.evalops.cli.schedule;

import static com.evalops.cli.client.JsonText.text;

import com.evalops.cli.ExitCodes;
import com.evalops.cli.client.EngineClient;
import com.evalops.cli.client.EngineCommand;
import com.evalops.cli.client.EngineException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code evalops schedules apply}: makes the cadences' schedules match the engine's settings. */
@Command(
    name = "schedules",
    mixinStandardHelpOptions = true,
    description = "When daily QA, the weekly regression and monthly calibration run.",
    subcommands = SchedulesCommand.Apply.class)
public final class SchedulesCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "name what to do: apply");
  }

  @Command(
      name = "apply",
      mixinStandardHelpOptions = true,
      description = {
        "Creates or updates the cadences' Temporal Schedules from the engine's settings"
            + " (evalops.schedules), or starts cron workflows where the server has no Schedules;"
            + " prints what it did for each cadence. Safe to repeat.",
        "Needs the oncall role."
      })
  public static final class Apply extends EngineCommand {
    @Override
    protected int execute(EngineClient engine) {
      JsonNode answer;
      try {
        answer = engine.post(EngineClient.path("schedules", "apply"), null);
      } catch (EngineException e) {
        if (e.status() != 404) {
          throw e;
        }
        spec.commandLine()
            .getErr()
            .println(
                "the engine at "
                    + engine.baseUrl()
                    + " cannot apply schedules (POST /api/schedules/apply answered 404): it is"
                    + " older than this command line; update and restart it");
        return ExitCodes.FAILED;
      }
      return print(answer, out -> items(out, answer));
    }
  }

  /** The result's notice, then one line per item (the {@code cadences} or {@code items} array). */
  static void items(PrintWriter out, JsonNode result) {
    String notice = text(result, "notice");
    if (!notice.isEmpty()) {
      out.println(notice);
    }
    JsonNode items = result.isArray() ? result : result.path("cadences");
    if (!items.isArray()) {
      items = result.path("items");
    }
    if (!items.isArray() || items.isEmpty()) {
      out.println(result.isMissingNode() ? "applied" : "applied: " + result);
      return;
    }
    for (JsonNode item : items) {
      if (!item.isObject()) {
        out.println(item.asText());
        continue;
      }
      List<String> values = new ArrayList<>();
      for (Map.Entry<String, JsonNode> field : item.properties()) {
        if (!field.getValue().isNull() && !field.getValue().asText().isEmpty()) {
          values.add(field.getKey() + "=" + field.getValue().asText());
        }
      }
      out.println(String.join("  ", values));
    }
  }
}
