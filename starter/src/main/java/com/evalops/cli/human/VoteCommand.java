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

/** {@code evalops approve|reject}: an approver's vote on a pending request. */
public abstract class VoteCommand extends EngineCommand {
  @Parameters(
      index = "0",
      paramLabel = "WORKFLOW_ID",
      description =
          "The runbook holding the request: evaluation-…, regression-<scope>,"
              + " monthly-calibration-<month>, weekly-regression-<week> or"
              + " safe-mode-release-<scope>-<holder>.")
  String workflowId;

  @Option(
      names = "--request",
      required = true,
      paramLabel = "REQUEST",
      description = "The request id, as `evalops status WORKFLOW_ID` lists it.")
  String requestId;

  @Option(names = "--comment", paramLabel = "TEXT", description = "Why.")
  String comment;

  @Option(
      names = "--digest",
      paramLabel = "SHA",
      description =
          "The SHA-256 of the config change you reviewed (the request's change_digest, as"
              + " `evalops status WORKFLOW_ID` shows it). The workflow refuses the vote when the"
              + " request is for another change, so you never vote on a change you did not see.")
  String digest;

  @Option(
      names = "--acknowledge",
      paramLabel = "VERDICT",
      description =
          "The candidate evaluation's verdict you explicitly acknowledge: REVIEW. Approving a"
              + " change whose candidate config evaluated REVIEW is refused without"
              + " `--acknowledge REVIEW`.")
  String acknowledge;

  abstract boolean approve();

  @Override
  protected int execute(EngineClient engine) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("requestId", requestId);
    body.put("approve", approve());
    body.put("comment", comment);
    if (digest != null) {
      body.put("changeDigest", digest);
    }
    if (acknowledge != null) {
      body.put("acknowledge", acknowledge);
    }
    JsonNode answer = engine.post(EngineClient.path("runs", workflowId, "votes"), body);
    return print(
        answer,
        out -> {
          // Every runbook answers a vote with the request's state.
          String outcome = text(answer, "outcome");
          out.println(
              (approve() ? "approved " : "rejected ")
                  + requestId
                  + " on "
                  + workflowId
                  + (outcome.isEmpty()
                      ? ""
                      : "; the request is now " + outcome.toLowerCase(java.util.Locale.ROOT)));
        });
  }

  @Command(
      name = "approve",
      mixinStandardHelpOptions = true,
      description = {
        "Approves a pending request (a mitigation, a config change, a safe-mode exit).",
        "Needs a role the request waits for (oncall or leadership); the workflow refuses the"
            + " proposer's own vote, a second vote, a closed or unknown request (exit 1, with its"
            + " reason)."
      })
  public static final class Approve extends VoteCommand {
    @Override
    boolean approve() {
      return true;
    }
  }

  @Command(
      name = "reject",
      mixinStandardHelpOptions = true,
      description = {
        "Rejects a pending request; one rejection closes it.",
        "Needs a role the request waits for (oncall or leadership)."
      })
  public static final class Reject extends VoteCommand {
    @Override
    boolean approve() {
      return false;
    }
  }
}
