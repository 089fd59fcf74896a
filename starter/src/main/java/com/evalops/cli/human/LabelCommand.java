package com.evalops.cli.human;

import static com.evalops.cli.client.JsonText.items;
import static com.evalops.cli.client.JsonText.oneLine;
import static com.evalops.cli.client.JsonText.text;

import com.evalops.cli.client.EngineClient;
import com.evalops.cli.client.EngineCommand;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code evalops label}: a labeler's answer for one sampled ticket, or the labeling queue. */
@Command(
    name = "label",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Labels one ticket of a labeling sample (an incident's problem tickets, or a daily QA"
          + " sample): was it routed to the right team, with the right template, and was any"
          + " reply unsafe?",
      "  evalops label regression-billing --ticket RL-1 --correct",
      "  evalops label regression-billing --ticket RL-2 --team-wrong --gold-team payments",
      "  evalops label regression-billing --queue",
      "Needs the labeler role; the workflow refuses a ticket outside the sample, a closed"
          + " labeling window or a second label by the same person (exit 1, with its reason)."
    })
public final class LabelCommand extends EngineCommand {
  @Parameters(
      index = "0",
      paramLabel = "WORKFLOW_ID",
      description = "The incident (regression-<scope>) or daily QA run (daily-qa-<day>).")
  String workflowId;

  @Option(
      names = "--queue",
      description = "List the sample instead: tickets, which are labeled, the deadline.")
  boolean queue;

  @Option(names = "--ticket", paramLabel = "TICKET", description = "The ticket id.")
  String ticket;

  @Option(names = "--correct", description = "Right team and right template.")
  boolean correct;

  @Option(names = "--team-wrong", description = "Routed to the wrong team.")
  boolean teamWrong;

  @Option(names = "--template-wrong", description = "Answered with the wrong template.")
  boolean templateWrong;

  @Option(names = "--safety-violation", description = "A reply was unsafe for the customer.")
  boolean safetyViolation;

  @Option(names = "--gold-intent", paramLabel = "INTENT", description = "The right intent.")
  String goldIntent;

  @Option(names = "--gold-team", paramLabel = "TEAM", description = "The right team.")
  String goldTeam;

  @Option(names = "--gold-tier", paramLabel = "N", description = "The right tier (0-3).")
  Integer goldTier;

  @Option(names = "--gold-template", paramLabel = "TEMPLATE", description = "The right template.")
  String goldTemplate;

  @Option(names = "--note", paramLabel = "TEXT", description = "A note for the reviewers.")
  String note;

  @Override
  protected int execute(EngineClient engine) {
    if (queue) {
      JsonNode answer = engine.get(EngineClient.path("runs", workflowId, "labeling"));
      return print(answer, out -> queue(out, answer));
    }
    Map<String, Object> body = label();
    JsonNode answer = engine.post(EngineClient.path("runs", workflowId, "labels"), body);
    return print(
        answer,
        out ->
            out.println(
                "labeled "
                    + ticket
                    + " on "
                    + workflowId
                    + ": "
                    + text(answer, "labeledTickets")
                    + " of "
                    + text(answer, "sampleSize")
                    + " tickets labeled"
                    + (answer.path("quorumReached").asBoolean() ? ", quorum reached" : "")
                    + (answer.path("complete").asBoolean() ? ", sample complete" : "")));
  }

  private Map<String, Object> label() {
    if (ticket == null) {
      throw new ParameterException(
          spec.commandLine(), "name the ticket with --ticket, or list the sample with --queue");
    }
    if (correct == (teamWrong || templateWrong)) {
      throw new ParameterException(
          spec.commandLine(),
          correct
              ? "--correct says team and template were right; drop it or the --…-wrong flags"
              : "say --correct, or what was wrong: --team-wrong and/or --template-wrong");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ticketId", ticket);
    body.put("correctTeam", !teamWrong);
    body.put("correctTemplate", !templateWrong);
    body.put("safetyViolation", safetyViolation);
    body.put("goldIntent", goldIntent);
    body.put("goldTeam", goldTeam);
    body.put("goldTier", goldTier);
    body.put("goldTemplate", goldTemplate);
    body.put("note", note);
    return body;
  }

  private static void queue(PrintWriter out, JsonNode queue) {
    String id = text(queue, "workflowId");
    if (!queue.has("sampleId")) {
      out.println(id + " has no labeling sample yet");
      return;
    }
    JsonNode progress = queue.path("progress");
    out.println(
        id
            + ": sample "
            + text(queue, "sampleId")
            + ", "
            + text(progress, "labeledTickets")
            + " of "
            + text(progress, "sampleSize")
            + " labeled, "
            + (queue.path("open").asBoolean()
                ? "open until " + text(queue, "deadline")
                : "closed"));
    for (JsonNode t : queue.path("tickets")) {
      JsonNode p = t.path("prediction");
      String routed =
          p.isObject()
              ? text(p, "intent")
                  + " -> "
                  + text(p, "team")
                  + " tier "
                  + text(p, "tier")
                  + (text(p, "template").isEmpty() ? "" : " template " + text(p, "template"))
              : "";
      out.printf(
          "%s %-20s %-50s %s%n",
          t.path("labeled").asBoolean() ? "[x]" : "[ ]",
          text(t, "ticket_id"),
          routed,
          oneLine(text(t, "text"), 70));
    }
    List<String> remaining = items(queue.path("remaining"));
    if (queue.path("open").asBoolean() && !remaining.isEmpty()) {
      out.println(
          "next: evalops label "
              + id
              + " --ticket "
              + remaining.get(0)
              + " --correct  (or"
              + " --team-wrong/--template-wrong with --gold-…)");
    }
  }
}
