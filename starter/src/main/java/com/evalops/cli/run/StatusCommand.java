package com.evalops.cli.run;

import static com.evalops.cli.client.JsonText.first;
import static com.evalops.cli.client.JsonText.items;
import static com.evalops.cli.client.JsonText.roles;
import static com.evalops.cli.client.JsonText.text;

import com.evalops.cli.client.EngineClient;
import com.evalops.cli.client.EngineCommand;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code evalops status ID}: a runbook's step, whom it waits for until when, and its record. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Shows a runbook: its current step, whom it waits for and until when, pending approvals,"
          + " labeling progress, the steps it took and the decisions the Decision Log holds for"
          + " it.",
      "ID is a workflow id as `run`, `incident start` and `runs` print it, e.g."
          + " regression-billing or evaluation-eval-20251215-101500-ab12."
    })
public final class StatusCommand extends EngineCommand {
  /** Refusals shown in text; --json has them all. */
  private static final int RECENT_REFUSALS = 3;

  @Parameters(index = "0", paramLabel = "ID", description = "The runbook's workflow id.")
  String workflowId;

  @Override
  protected int execute(EngineClient engine) {
    JsonNode answer = engine.get(EngineClient.path("runs", workflowId));
    return print(answer, out -> write(out, answer));
  }

  static void write(PrintWriter out, JsonNode status) {
    JsonNode state = status.path("state");
    // Approvals and labeling have one shape for every runbook there; each state names them its way.
    JsonNode steps = status.path("humanSteps");
    out.println(
        text(status, "workflowId")
            + "  ("
            + text(status, "kind")
            + ", "
            + text(status, "status").toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
            + ")");
    line(out, "step", text(state, "step"));
    line(out, "waiting for", waiting(state, steps));
    line(out, "verdict", text(state, "verdict"));
    line(out, "decision", text(state, "decision"));
    line(out, "outcome", text(state, "outcome"));
    if (state.has("safeMode")) {
      line(
          out,
          "safe mode",
          (state.path("safeMode").asBoolean() ? "on" : "off")
              + (text(state, "configVersion").isEmpty()
                  ? ""
                  : " (config " + text(state, "configVersion") + " in force)"));
    } else {
      line(out, "config", text(state, "configVersion"));
    }
    line(out, "evaluation", text(state, "evaluationWorkflowId"));
    line(out, "labeling", labeling(steps.path("labeling")));
    JsonNode approvals = steps.path("approvals");
    List<String> pending = new ArrayList<>();
    for (JsonNode p : approvals.path("pending")) {
      pending.add(pending(p));
      pending.addAll(change(approvals, text(p, "requestId")));
    }
    list(out, "pending approvals", pending);
    list(out, "exit blocked by", items(state.path("exitUnmetConditions")));
    list(out, "findings", items(state.path("findings")));
    List<String> refusals = new ArrayList<>();
    approvals.path("refusals").forEach(r -> refusals.add(refusal(r)));
    steps.path("labeling").path("refusals").forEach(r -> refusals.add(refusal(r)));
    list(
        out,
        "refused attempts",
        refusals.subList(Math.max(0, refusals.size() - RECENT_REFUSALS), refusals.size()));
    List<String> history = items(state.path("history"));
    for (int i = 0; i < history.size(); i++) {
      history.set(i, (i + 1) + ". " + history.get(i));
    }
    list(out, "history", history);
    List<String> decisions = new ArrayList<>();
    status.path("decisions").forEach(d -> decisions.add(decision(d)));
    list(out, "decisions (Decision Log)", decisions);
    line(out, "temporal ui", text(status, "temporalUi"));
  }

  /**
   * "labels on the sample: labeler, until 2025-12-16T10:00:00Z": the state's own words when it has
   * them (with roles and deadline), else what its human steps say it waits for.
   */
  private static String waiting(JsonNode state, JsonNode steps) {
    JsonNode what = state.path("waitingFor");
    String whom = what.isArray() ? roles(what) : what.asText("");
    if (whom.isEmpty()) {
      whom = text(steps, "waitingFor");
    }
    if (state.has("waitingOn") && !roles(state.path("waitingOn")).isEmpty()) {
      whom = whom + (whom.isEmpty() ? "" : " — from ") + roles(state.path("waitingOn"));
    }
    if (whom.isEmpty()) {
      return "";
    }
    String until = first(state, "until", "waitingUntil");
    return whom + (until.isEmpty() ? "" : ", until " + until);
  }

  private static String labeling(JsonNode labeling) {
    if (labeling.isMissingNode() || labeling.isNull()) {
      return "";
    }
    JsonNode progress = labeling.path("progress");
    StringBuilder s =
        new StringBuilder()
            .append(progress.path("labeledTickets").asInt())
            .append(" of ")
            .append(progress.path("sampleSize").asInt())
            .append(" tickets labeled");
    if (progress.path("quorumReached").asBoolean()) {
      s.append(", quorum reached");
    }
    List<String> unsafe = items(progress.path("safetyViolations"));
    if (!unsafe.isEmpty()) {
      s.append(", safety violations: ").append(String.join(" ", unsafe));
    }
    String closed = text(labeling, "closedAt");
    s.append(
        closed.isEmpty()
            ? "; open until " + text(labeling.path("sample"), "deadline")
            : "; closed " + closed);
    String sampleId = text(labeling.path("sample"), "sampleId");
    if (!sampleId.isEmpty()) {
      s.append(" (sample ").append(sampleId).append(')');
    }
    return s.toString();
  }

  private static String pending(JsonNode p) {
    String summary = text(p, "summary");
    return text(p, "requestId")
        + " "
        + text(p, "kind")
        + (summary.isEmpty() ? "" : " \"" + summary + "\"")
        + ": needs "
        + p.path("approvalsStillNeeded").asInt()
        + " more approval(s) from "
        + roles(p.path("waitingFor"))
        + " by "
        + text(p, "until")
        + (text(p, "proposedBy").isEmpty() ? "" : "; proposed by " + text(p, "proposedBy"));
  }

  /**
   * The config change a pending request puts to the vote, as the workflow computed it (its evidence
   * keys): the digest a vote binds to, the diff, the release gate and the candidate's verdict, and
   * the options that bind a vote to it. Empty for a request without a digest.
   */
  private static List<String> change(JsonNode approvals, String requestId) {
    for (JsonNode r : approvals.path("requests")) {
      JsonNode request = r.path("request");
      if (!text(request, "requestId").equals(requestId)) {
        continue;
      }
      JsonNode evidence = request.path("evidence");
      String digest = text(evidence, "change_digest");
      if (digest.isEmpty()) {
        return List.of();
      }
      List<String> lines = new ArrayList<>();
      String verdict = text(evidence, "candidate_verdict");
      String run = text(evidence, "candidate_run");
      lines.add(
          "  change "
              + digest
              + " on config "
              + orDash(text(evidence, "config_version"))
              + " (release gate "
              + orDash(text(evidence, "release_gate"))
              + (verdict.isEmpty()
                  ? ""
                  : ", candidate verdict " + verdict + (run.isEmpty() ? "" : " in run " + run))
              + ")");
      for (String diff : text(evidence, "diff").split("; ")) {
        if (!diff.isBlank()) {
          lines.add("    " + diff.strip());
        }
      }
      String acknowledge = text(evidence, "acknowledge_verdict");
      lines.add(
          "  vote on exactly this change with --digest "
              + digest
              + (acknowledge.isEmpty() ? "" : "; approving needs --acknowledge " + acknowledge));
      return lines;
    }
    return List.of();
  }

  private static String refusal(JsonNode r) {
    return text(r, "at") + " " + text(r.path("actor"), "id") + ": " + text(r, "reason");
  }

  /** A Decision Log entry: what was decided and by whom. */
  static String decision(JsonNode entry) {
    JsonNode c = entry.path("content");
    List<String> by = new ArrayList<>();
    c.path("actors").forEach(a -> by.add(text(a, "actor") + " (" + text(a, "action") + ")"));
    return "seq "
        + text(entry, "seq")
        + " "
        + text(entry, "recorded_at")
        + " verdict "
        + orDash(text(c, "verdict"))
        + ", decision "
        + orDash(text(c, "decision"))
        + (text(c, "applied_config_version").isEmpty()
            ? ""
            : ", applied config " + text(c, "applied_config_version"))
        + (by.isEmpty() ? "" : "; by " + String.join(", ", by));
  }

  static String orDash(String s) {
    return s.isEmpty() ? "-" : s;
  }

  private static void line(PrintWriter out, String label, String value) {
    if (!value.isEmpty()) {
      out.printf("%-13s %s%n", label + ":", value);
    }
  }

  private static void list(PrintWriter out, String label, List<String> values) {
    if (!values.isEmpty()) {
      out.println(label + ":");
      values.forEach(v -> out.println("  " + v));
    }
  }
}
