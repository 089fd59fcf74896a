package com.evalops.cli.incident;

import static com.evalops.cli.client.JsonText.items;
import static com.evalops.cli.client.JsonText.roles;
import static com.evalops.cli.client.JsonText.text;

import com.evalops.cli.client.EngineClient;
import com.evalops.cli.client.EngineCommand;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code evalops incident start|propose|recheck|qa-window|evaluate}: the production-regression
 * runbook.
 */
@Command(
    name = "incident",
    mixinStandardHelpOptions = true,
    description = {
      "The production-regression runbook of a scope (a queue such as billing): open it, propose"
          + " a mitigation, and name the evidence that lets safe mode end.",
      "The incident computes its exit evidence itself: it evaluates the golden set under the"
          + " config in force and fresh production samples it has labeled; `recheck` asks for"
          + " one more, `qa-window` names the closed daily QA run it reads back.",
      "The incident's workflow id is regression-<scope>; see it with `evalops status"
          + " regression-<scope>`. Each action needs the oncall role (qa-window: oncall or"
          + " labeler); the workflow refuses what its step does not allow, and the refusal's"
          + " reason is printed (exit 1)."
    },
    subcommands = {
      IncidentCommand.Start.class,
      IncidentCommand.Propose.class,
      IncidentCommand.Recheck.class,
      IncidentCommand.QaWindow.class,
      IncidentCommand.Evaluate.class
    })
public final class IncidentCommand implements Runnable {
  /** The engine may run a golden evaluation in the request: it waits up to 10 minutes. */
  static final Duration EVALUATION_TIMEOUT = Duration.ofMinutes(11);

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "name what to do: start, propose, recheck, qa-window or evaluate");
  }

  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = {
        "Opens the scope's incident for an alarm, or joins the open one (a second alarm for the"
            + " same scope adds itself to the running incident).",
        "With --harm the incident enters safe mode at once: customers may be harmed."
      })
  public static final class Start extends EngineCommand {
    @Option(names = "--alarm", required = true, paramLabel = "NAME", description = "The alarm.")
    String alarm;

    @Option(
        names = "--scope",
        required = true,
        paramLabel = "SCOPE",
        description = "The affected scope (queue), e.g. billing.")
    String scope;

    @Option(names = "--harm", description = "Customers may be harmed: enter safe mode now.")
    boolean harm;

    @Option(
        names = "--tickets",
        paramLabel = "N",
        description = "Problem tickets to sample for labeling (default: 20).")
    Integer tickets;

    @Option(
        names = "--window-days",
        paramLabel = "N",
        description = "Days of production to sample from (default: 7).")
    Integer windowDays;

    @Option(names = "--detail", paramLabel = "TEXT", description = "What the alarm saw.")
    String detail;

    @Override
    protected int execute(EngineClient engine) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("scope", scope);
      body.put("alarm", alarm);
      body.put("harm", harm);
      body.put("tickets", tickets);
      body.put("windowDays", windowDays);
      body.put("detail", detail);
      JsonNode answer = engine.post(EngineClient.path("incidents"), body);
      return print(
          answer,
          out -> {
            String id = text(answer, "workflowId");
            out.println(
                (answer.path("joined").asBoolean()
                        ? "joined the open incident " + id + ": alarm " + alarm + " added to it"
                        : "opened incident " + id + (harm ? " in safe mode" : ""))
                    + " (scope "
                    + text(answer, "scope")
                    + ")");
            out.println("follow it: evalops status " + id);
          });
    }
  }

  @Command(
      name = "propose",
      mixinStandardHelpOptions = true,
      description = {
        "Proposes the incident's mitigation as a typed change to the router config in force."
            + " The engine validates it now (unknown intent, template or version, a threshold"
            + " outside (0, 1] are refused naming the field), shows the exact diff and the digest"
            + " approvals bind to, decides whether leadership must approve, and whether the"
            + " candidate's golden evaluation must pass first (config-releases §3, §4).",
        "Operations apply in this order: --rollback-to, --set-model, --set-prompt,"
            + " --set-threshold, --disable-template, --enable-template.",
        "Prints the request id to vote on with `evalops approve regression-<scope> --request"
            + " ID`."
      })
  public static final class Propose extends EngineCommand {
    @Option(names = "--scope", required = true, paramLabel = "SCOPE", description = "The scope.")
    String scope;

    @Option(
        names = "--rollback-to",
        paramLabel = "VERSION",
        description = "Bring back a stored config version's routing (holds stay as in force).")
    String rollbackTo;

    @Option(names = "--set-model", paramLabel = "VERSION", description = "Route with this model.")
    String model;

    @Option(names = "--set-prompt", paramLabel = "VERSION", description = "Route with this prompt.")
    String prompt;

    @Option(
        names = "--set-threshold",
        paramLabel = "INTENT=VALUE",
        description =
            "An intent's confidence threshold, or global=VALUE for the global one (repeatable).")
    Map<String, String> thresholds;

    @Option(
        names = "--disable-template",
        paramLabel = "TEMPLATE",
        description = "Stop sending this template (repeatable).")
    List<String> disable;

    @Option(
        names = "--enable-template",
        paramLabel = "TEMPLATE",
        description = "Start sending this template (repeatable).")
    List<String> enable;

    @Option(
        names = {"--comment", "--details"},
        paramLabel = "TEXT",
        description = "Why: commentary for the approvers, never parsed.")
    String comment;

    @Override
    protected int execute(EngineClient engine) {
      List<Map<String, Object>> operations = new ArrayList<>();
      if (rollbackTo != null) {
        operations.add(operation("rollback_to", rollbackTo, null));
      }
      if (model != null) {
        operations.add(operation("set_model", model, null));
      }
      if (prompt != null) {
        operations.add(operation("set_prompt", prompt, null));
      }
      if (thresholds != null) {
        for (Map.Entry<String, String> t : new TreeMap<>(thresholds).entrySet()) {
          operations.add(operation("set_threshold", t.getKey(), threshold(t)));
        }
      }
      for (String template : disable == null ? List.<String>of() : disable) {
        operations.add(operation("disable_template", template, null));
      }
      for (String template : enable == null ? List.<String>of() : enable) {
        operations.add(operation("enable_template", template, null));
      }
      if (operations.isEmpty()) {
        throw new ParameterException(
            spec.commandLine(),
            "name at least one operation: --rollback-to, --set-model, --set-prompt,"
                + " --set-threshold, --disable-template or --enable-template");
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("operations", operations);
      body.put("comment", comment);
      JsonNode answer = engine.post(EngineClient.path("incidents", scope, "mitigation"), body);
      return print(answer, out -> receipt(out, answer, workflowId(scope)));
    }

    private Double threshold(Map.Entry<String, String> t) {
      try {
        return Double.valueOf(t.getValue());
      } catch (NumberFormatException e) {
        throw new ParameterException(
            spec.commandLine(),
            "--set-threshold "
                + t.getKey()
                + "="
                + t.getValue()
                + ": the value must be a number within (0, 1]");
      }
    }

    private static Map<String, Object> operation(String op, String target, Double value) {
      Map<String, Object> operation = new LinkedHashMap<>();
      operation.put("op", op);
      operation.put("target", target);
      if (value != null) {
        operation.put("value", value);
      }
      return operation;
    }
  }

  @Command(
      name = "recheck",
      mixinStandardHelpOptions = true,
      description = {
        "Asks the incident for one more recheck of fresh production tickets of its scope: it"
            + " draws them, asks labelers, scores them and counts the verdict itself.",
        "The incident already runs as many rechecks as it needs on its own after the mitigation;"
            + " ask for another after a failed one. Prints the passing rechecks so far."
      })
  public static final class Recheck extends EngineCommand {
    @Option(names = "--scope", required = true, paramLabel = "SCOPE", description = "The scope.")
    String scope;

    @Option(names = "--comment", paramLabel = "TEXT", description = "Why, for the record.")
    String comment;

    @Override
    protected int execute(EngineClient engine) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("comment", comment);
      JsonNode answer = engine.post(EngineClient.path("incidents", scope, "rechecks"), body);
      return print(answer, out -> readiness(out, answer));
    }
  }

  @Command(
      name = "evaluate",
      mixinStandardHelpOptions = true,
      description = {
        "For incidents opened before they computed their own evidence: records a golden-set"
            + " evaluation under the config in force (without --run-id the engine runs one and"
            + " this waits up to 10 minutes). Newer incidents take it as `recheck`.",
        "Prints how many consecutive passes the incident has, of how many it needs."
      })
  public static final class Evaluate extends EngineCommand {
    @Option(names = "--scope", required = true, paramLabel = "SCOPE", description = "The scope.")
    String scope;

    @Option(
        names = "--run-id",
        paramLabel = "ID",
        description = "A finished evaluation's run id to record instead of running one.")
    String runId;

    @Override
    protected int execute(EngineClient engine) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("runId", runId);
      JsonNode answer =
          engine.post(
              EngineClient.path("incidents", scope, "evaluations"), body, EVALUATION_TIMEOUT);
      return print(answer, out -> readiness(out, answer));
    }
  }

  @Command(
      name = "qa-window",
      mixinStandardHelpOptions = true,
      description = {
        "Names a closed daily QA run as the incident's manual-QA window. The incident reads the"
            + " run back from Temporal: it counts when it started after the config in force became"
            + " current, every ticket was reviewed, no safety violation was flagged and team and"
            + " template correctness meet the policy (default 95%).",
        "Counts typed by hand are not evidence: there is no option for them."
      })
  public static final class QaWindow extends EngineCommand {
    @Option(names = "--scope", required = true, paramLabel = "SCOPE", description = "The scope.")
    String scope;

    @Option(
        names = "--daily-qa",
        required = true,
        paramLabel = "ID",
        description = "A closed daily QA run's workflow id, e.g. daily-qa-2025-12-15.")
    String dailyQa;

    @Override
    protected int execute(EngineClient engine) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("dailyQaRunId", dailyQa);
      JsonNode answer = engine.post(EngineClient.path("incidents", scope, "qa-windows"), body);
      return print(answer, out -> readiness(out, answer));
    }
  }

  /** The scope's incident, named as the engine's {@code WorkflowIds.regression} names it. */
  static String workflowId(String scope) {
    String trimmed = scope.trim();
    // Scope '*' (every ticket) is the engine's regression-all, not "regression--".
    return "regression-"
        + ("*".equals(trimmed)
            ? "all"
            : trimmed.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-"));
  }

  /** A proposal's or exit request's receipt: the request to vote on, who votes, by when. */
  static void receipt(PrintWriter out, JsonNode receipt, String workflowId) {
    String request = text(receipt, "requestId");
    List<String> diff = items(receipt.path("diff"));
    if (!diff.isEmpty()) {
      out.println("change " + text(receipt, "changeDigest") + " on the config in force:");
      diff.forEach(line -> out.println("  " + line));
    }
    boolean gated = "EVALUATE".equals(text(receipt, "gate"));
    String deadline = text(receipt, "deadline");
    out.println(
        "approval request "
            + request
            + ": "
            + text(receipt, "minApprovals")
            + " approval(s) from "
            + roles(receipt.path("approverRoles"))
            + (deadline.isEmpty()
                ? ", opened once the candidate's golden evaluation passes"
                : " by " + deadline));
    if (gated) {
      out.println(
          "release gate: the candidate config is evaluated on the golden set first;"
              + " STOP or INVESTIGATE refuses it, REVIEW needs leadership to acknowledge it");
    }
    List<String> reasons = items(receipt.path("materialReasons"));
    if (receipt.path("material").asBoolean()) {
      out.println("material, leadership must approve: " + String.join("; ", reasons));
    }
    out.println("vote: evalops approve " + workflowId + " --request " + request);
  }

  static void readiness(PrintWriter out, JsonNode readiness) {
    out.println(
        "consecutive passing rechecks: "
            + text(readiness, "consecutivePasses")
            + " of "
            + text(readiness, "required")
            + " needed");
    List<String> unmet = items(readiness.path("unmetConditions"));
    if (unmet.isEmpty()) {
      out.println("safe mode may end: evalops safe-mode request-exit --scope <scope>");
    } else {
      out.println("safe mode cannot end yet:");
      unmet.forEach(u -> out.println("  " + u));
    }
  }
}
