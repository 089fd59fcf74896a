package com.evalops.cli.human;

import static com.evalops.cli.client.JsonText.text;

import com.evalops.cli.client.EngineClient;
import com.evalops.cli.client.EngineCommand;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code evalops decide}: on-call's choice after an evaluation's verdict other than PASS. */
@Command(
    name = "decide",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Decides what an evaluation runbook does after a verdict other than PASS: no_change, or"
          + " one of the actions it recommends (see `evalops status ID`), e.g. threshold_adjust,"
          + " template_disable, rollback or safe_mode.",
      "threshold_adjust, template_disable and rollback become a typed config change"
          + " (set_threshold, disable_template, rollback_to), checked against the config in force"
          + " at once; it then waits for approval on its digest (leadership when material), the"
          + " release gate and a compare-and-set apply, as every config release does. safe_mode"
          + " opens or joins the regression incident for every scope, which holds safe mode and"
          + " owns its exit.",
      "Needs the oncall role; the workflow refuses an action it did not recommend, a change that"
          + " cannot apply (naming the field) or a decision it is not waiting for (exit 1, with"
          + " its reason)."
    })
public final class DecideCommand extends EngineCommand {
  @Parameters(
      index = "0",
      paramLabel = "WORKFLOW_ID",
      description = "The evaluation runbook, evaluation-<run id>.")
  String workflowId;

  @Option(
      names = "--action",
      required = true,
      paramLabel = "ACTION",
      description = "no_change, threshold_adjust, template_disable, rollback, …")
  String action;

  @Option(names = "--comment", paramLabel = "TEXT", description = "Why.")
  String comment;

  @Option(
      names = "--threshold",
      paramLabel = "X",
      description = "For threshold_adjust: the new threshold (default: the recommended one).")
  Double threshold;

  @Option(
      names = "--intent",
      paramLabel = "INTENT",
      description =
          "For threshold_adjust: the intent whose threshold moves (default: the global confidence"
              + " threshold).")
  String intent;

  @Option(
      names = "--template",
      paramLabel = "TEMPLATE",
      description = "For template_disable: the template.")
  String template;

  @Option(
      names = "--rollback-to",
      paramLabel = "VERSION",
      description = "For rollback: the router-config version.")
  String rollbackTo;

  @Override
  protected int execute(EngineClient engine) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("action", action);
    body.put("comment", comment);
    body.put("threshold", threshold);
    body.put("template", template);
    body.put("rollbackTo", rollbackTo);
    if (intent != null) {
      body.put("intent", intent);
    }
    JsonNode answer = engine.post(EngineClient.path("runs", workflowId, "decision"), body);
    return print(
        answer,
        out -> {
          String result = answer.isTextual() ? answer.asText() : text(answer, "result");
          out.println(
              "decided " + action + " on " + workflowId + (result.isEmpty() ? "" : ": " + result));
          out.println("follow it: evalops status " + workflowId);
        });
  }
}
