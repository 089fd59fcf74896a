package com.evalops.cli.run;

import com.evalops.cli.client.EngineClient;
import com.evalops.cli.client.EngineCommand;
import com.evalops.cli.client.JsonText;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code evalops run eval|weekly|daily|monthly}: starts a runbook on the engine. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a runbook on the engine and prints its workflow id; follow it with"
          + " `evalops status ID`. Starting needs the oncall role.",
      "A runbook that is already running for the same run, week, day or month is refused"
          + " (exit 1)."
    },
    subcommands = {
      RunCommand.Eval.class,
      RunCommand.Weekly.class,
      RunCommand.Daily.class,
      RunCommand.Monthly.class
    })
public final class RunCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "name the runbook to start: eval, weekly, daily or monthly");
  }

  /** A start: POST /api/runs/{kind}, then the workflow id and how to follow it. */
  abstract static class Start extends EngineCommand {
    int start(EngineClient engine, String kind, Object body, String what) {
      JsonNode answer = engine.post(EngineClient.path("runs", kind), body);
      return print(
          answer,
          out -> {
            String id = JsonText.text(answer, "workflowId");
            out.println(
                "started " + what + " " + id + " (run " + JsonText.text(answer, "runId") + ")");
            out.println("follow it: evalops status " + id);
          });
    }
  }

  @Command(
      name = "eval",
      mixinStandardHelpOptions = true,
      description = {
        "Starts the evaluation runbook: score the router config on a golden set or a sample, apply"
            + " the gates, and, for a verdict other than PASS, wait for on-call's decision.",
        "Defaults: the engine's golden version and the router config in force."
      })
  public static final class Eval extends Start {
    @ArgGroup(exclusive = true, heading = "Data (one at most; default: the engine's golden set):%n")
    Data data;

    static final class Data {
      @Option(names = "--golden", paramLabel = "VERSION", description = "A golden-set version.")
      String golden;

      @Option(
          names = "--sample",
          paramLabel = "REF",
          description = "A sample's reference (e.g. a file: URI of a ticket JSONL).")
      String sample;
    }

    @Option(names = "--config", paramLabel = "VERSION", description = "A router-config version.")
    String config;

    @Option(
        names = "--baseline",
        paramLabel = "RUN",
        description =
            "The run to compare with (default: the accepted baseline of the run's golden"
                + " version; only the weekly review's accept makes a run the baseline).")
    String baseline;

    @Option(names = "--no-baseline", description = "Compare with no baseline at all.")
    boolean noBaseline;

    @Option(
        names = "--run-id",
        paramLabel = "ID",
        description = "The run id (default: eval-<UTC time>-<random>).")
    String runId;

    @Override
    protected int execute(EngineClient engine) {
      if (noBaseline && baseline != null) {
        throw new ParameterException(
            spec.commandLine(), "--baseline and --no-baseline exclude each other");
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("runId", runId);
      body.put("goldenVersion", data == null ? null : data.golden);
      body.put("sampleRef", data == null ? null : data.sample);
      body.put("configVersion", config);
      body.put("baselineRunId", baseline);
      body.put("noBaseline", noBaseline ? Boolean.TRUE : null);
      return start(engine, "eval", body, "evaluation");
    }
  }

  @Command(
      name = "weekly",
      mixinStandardHelpOptions = true,
      description =
          "Starts the weekly regression: the golden set under the config in force, compared with"
              + " the baseline.")
  public static final class Weekly extends Start {
    @Option(
        names = "--week",
        paramLabel = "YYYY-Www",
        description = "The ISO week, e.g. 2025-W51 (default: this week).")
    String week;

    @Override
    protected int execute(EngineClient engine) {
      if (week != null && !week.matches("\\d{4}-W\\d{2}")) {
        throw new ParameterException(
            spec.commandLine(), "--week takes an ISO week like 2025-W51, not \"" + week + "\"");
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("weekId", week);
      return start(engine, "weekly", body, "weekly regression");
    }
  }

  @Command(
      name = "daily",
      mixinStandardHelpOptions = true,
      description =
          "Starts daily QA: sample a day's production tickets and open them to labelers until"
              + " the labeling deadline.")
  public static final class Daily extends Start {
    @Option(
        names = "--day",
        paramLabel = "YYYY-MM-DD",
        description = "The day to sample (default: yesterday, UTC).")
    LocalDate day;

    @Option(
        names = "--sample-size",
        paramLabel = "N",
        description = "Tickets to sample (default: the engine's setting).")
    Integer sampleSize;

    @Option(names = "--seed", paramLabel = "S", description = "The sampling seed (default: 1).")
    Long seed;

    @Override
    protected int execute(EngineClient engine) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("day", day == null ? null : day.toString());
      body.put("sampleSize", sampleSize);
      body.put("seed", seed);
      return start(engine, "daily", body, "daily QA");
    }
  }

  @Command(
      name = "monthly",
      mixinStandardHelpOptions = true,
      description =
          "Starts monthly calibration: analyse the month's production and labels, and propose"
              + " threshold or template changes for approval.")
  public static final class Monthly extends Start {
    @Option(
        names = "--month",
        paramLabel = "YYYY-MM",
        description = "The month (default: last month, UTC).")
    YearMonth month;

    @Option(
        names = "--window-days",
        paramLabel = "N",
        description = "Days of production to analyse (default: 30).")
    Integer windowDays;

    @Override
    protected int execute(EngineClient engine) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("month", month == null ? null : month.toString());
      body.put("windowDays", windowDays);
      return start(engine, "monthly", body, "monthly calibration");
    }
  }
}
