package com.evalops.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The full scenario of the operations document against a running engine, through its API only: a
 * weekly golden-set regression, an alarm that opens a billing incident (and a second that joins
 * it), simulated labelers, a mitigation approved by two leaders, an early safe-mode exit refused,
 * the evidence gathered (two golden evaluations, a clean daily QA window), and the approved exit.
 * Every refusal the engine gives on the way is printed with its reason.
 */
final class DemoScenario {
  static final String ONCALL = "oncall-ana";
  static final String LABELER_1 = "labeler-li";
  static final String LABELER_2 = "labeler-mo";
  static final String LEAD_1 = "lead-1";
  static final String LEAD_2 = "lead-2";
  static final String AUDITOR = "auditor-au";
  static final String SCOPE = "billing";
  static final String INCIDENT = "regression-" + SCOPE;
  static final Duration STEP_TIMEOUT = Duration.ofMinutes(3);

  private final DemoApi api;
  private final SimulatedLabelers labelers;
  private final PrintWriter out;
  private int stepNumber;

  DemoScenario(DemoApi api, SimulatedLabelers labelers, PrintWriter out) {
    this.api = api;
    this.labelers = labelers;
    this.out = out;
  }

  /** Plays every step; returns the Decision Log's verification. */
  JsonNode play() {
    weeklyRegression();
    openIncident();
    label(INCIDENT);
    JsonNode state = awaitStep(INCIDENT, "mitigation_proposal");
    for (JsonNode e : state.path("evaluations")) {
      say(
          "  %s evaluation %s under %s: %s",
          e.path("dataset").asText(),
          e.path("runId").asText(),
          e.path("configVersion").asText(),
          e.path("verdict").asText());
    }
    mitigate();
    exitSafeMode();
    return audit();
  }

  private void weeklyRegression() {
    step("Weekly golden-set regression (on-call %s starts it)", ONCALL);
    JsonNode started = api.post(ONCALL, "/api/runs/weekly", Map.of("weekId", "2025-W51"));
    String id = started.path("workflowId").asText();
    JsonNode review = awaitStep(id, "review");
    say(
        "  verdict %s; Support Ops reviews whether it becomes the baseline",
        review.path("verdict").asText());
    vote(LABELER_1, "/api/runs/" + id + "/votes", "weekly-2025-W51/baseline", "QA agrees");
    JsonNode done = awaitClosed(id);
    JsonNode s = done.path("state");
    say(
        "  %s: verdict %s, decision %s (evaluation %s)",
        id,
        s.path("verdict").asText(),
        s.path("decision").asText(),
        s.path("evaluationWorkflowId").asText());
  }

  private void openIncident() {
    step("Alarm: macro F1 dropped on the billing queue; customers may be harmed");
    Map<String, Object> alarm = new LinkedHashMap<>();
    alarm.put("scope", SCOPE);
    alarm.put("alarm", "quality-drop");
    alarm.put("harm", true);
    alarm.put("detail", "macro F1 0.81 < 0.88 over the last hour");
    JsonNode opened = api.post(ONCALL, "/api/alarms", alarm);
    say(
        "  %s opened (joined an open one: %s)",
        opened.path("workflowId").asText(), opened.path("joined").asBoolean());
    alarm.put("alarm", "csat-drop");
    alarm.put("detail", "CSAT 3.1 < 3.8 on billing");
    JsonNode second = api.post(ONCALL, "/api/alarms", alarm);
    say("  a second alarm for the same scope joined it: %s", second.path("joined").asBoolean());
    JsonNode state = awaitStep(INCIDENT, "labeling");
    say(
        "  safe mode %s at once: router config now %s",
        state.path("safeMode").asBoolean() ? "ON" : "off", state.path("configVersion").asText());
  }

  /** Simulated labelers label the whole sample; refused attempts are shown on the way. */
  private void label(String workflowId) {
    JsonNode queue = api.get(LABELER_1, "/api/runs/" + workflowId + "/labeling");
    List<String> tickets = new ArrayList<>();
    queue.path("tickets").forEach(t -> tickets.add(t.path("ticket_id").asText()));
    step(
        "Labeling %s: %d tickets (sanitized), deadline %s",
        workflowId, tickets.size(), queue.path("deadline").asText());
    JsonNode first = queue.path("tickets").path(0);
    say("  first ticket [%s]: %s", first.path("channel").asText(), first.path("text").asText());
    refusedAs(LEAD_1, "/api/runs/" + workflowId + "/labels", labelers.label(tickets.get(0)));
    int labeled = 0;
    for (int i = 0; i < tickets.size(); i++) {
      String labeler = i % 2 == 0 ? LABELER_1 : LABELER_2;
      try {
        api.post(labeler, "/api/runs/" + workflowId + "/labels", labelers.label(tickets.get(i)));
      } catch (DemoApi.Refused closed) {
        // A runbook that proceeds at quorum closes its queue; the refusal says so.
        say("  the queue closed once the quorum was reached: %s", closed.getMessage());
        break;
      }
      labeled++;
      if (i == 0) {
        refusedAs(LABELER_1, "/api/runs/" + workflowId + "/labels", labelers.label(tickets.get(0)));
      }
    }
    say("  %d of %d labeled by %s and %s", labeled, tickets.size(), LABELER_1, LABELER_2);
  }

  private void mitigate() {
    step("On-call %s proposes a mitigation: disable the fee_schedule_v1 auto-reply", ONCALL);
    Map<String, Object> proposal = new LinkedHashMap<>();
    proposal.put(
        "operations", List.of(Map.of("op", "disable_template", "target", "fee_schedule_v1")));
    proposal.put("comment", "disable fee_schedule_v1 until its copy is reviewed");
    JsonNode receipt = api.post(ONCALL, "/api/incidents/" + SCOPE + "/mitigation", proposal);
    String requestId = receipt.path("requestId").asText();
    say("  change %s: %s", receipt.path("changeDigest").asText(), receipt.path("diff"));
    say(
        "  request %s: material %s %s, needs %d of %s",
        requestId,
        receipt.path("material").asBoolean(),
        receipt.path("materialReasons"),
        receipt.path("minApprovals").asInt(),
        receipt.path("approverRoles"));
    String votes = "/api/runs/" + INCIDENT + "/votes";
    refusedAs(ONCALL, votes, vote(requestId, true, "looks right to me"));
    vote(LEAD_1, votes, requestId, "approved: customer copy is wrong");
    vote(LEAD_2, votes, requestId, "approved");
    JsonNode state = awaitStep(INCIDENT, "safe_mode_exit");
    say("  mitigation applied: router config now %s", state.path("configVersion").asText());
  }

  private void exitSafeMode() {
    step("Safe-mode exit");
    String exit = "/api/incidents/" + SCOPE + "/safe-mode/exit";
    refusedAs(ONCALL, exit, Map.of("comment", "billing looks normal again"));
    for (int i = 1; i <= 2; i++) {
      JsonNode readiness = api.post(ONCALL, "/api/incidents/" + SCOPE + "/evaluations", Map.of());
      say(
          "  golden evaluation %d under the mitigated config: %d of %d consecutive passes",
          i, readiness.path("consecutivePasses").asInt(), readiness.path("required").asInt());
    }
    step("Daily QA of 2025-12-19: the manual-QA window for the exit");
    JsonNode daily =
        api.post(ONCALL, "/api/runs/daily", Map.of("day", "2025-12-19", "sampleSize", 20));
    String dailyId = daily.path("workflowId").asText();
    awaitStep(dailyId, "labeling");
    label(dailyId);
    JsonNode report = awaitClosed(dailyId).path("state");
    say("  %s: %s", dailyId, report.path("outcome").asText());
    JsonNode readiness =
        api.post(
            ONCALL, "/api/incidents/" + SCOPE + "/qa-windows", Map.of("dailyQaRunId", dailyId));
    say("  unmet exit conditions now: %s", readiness.path("unmetConditions"));

    JsonNode receipt = api.post(ONCALL, exit, Map.of("comment", "stable and QA clean"));
    String requestId = receipt.path("requestId").asText();
    say(
        "  exit request %s accepted for approval: needs %d of %s",
        requestId, receipt.path("minApprovals").asInt(), receipt.path("approverRoles"));
    String votes = "/api/runs/" + INCIDENT + "/votes";
    JsonNode request = vote(LEAD_1, votes, requestId, "agreed");
    if ("PENDING".equals(request.path("outcome").asText())) {
      vote(LEAD_2, votes, requestId, "agreed");
    }
    JsonNode closed = awaitClosed(INCIDENT).path("state");
    say(
        "  incident %s: safe mode %s, router config %s",
        closed.path("step").asText(),
        closed.path("safeMode").asBoolean() ? "ON" : "off",
        closed.path("configVersion").asText());
  }

  private JsonNode audit() {
    step("What an auditor sees");
    JsonNode runs = api.get(AUDITOR, "/api/runs");
    for (JsonNode entry : runs) {
      JsonNode d = entry.path("content");
      say(
          "  #%d %-11s %-34s verdict %-6s decision %s",
          entry.path("seq").asLong(),
          d.path("runbook_kind").asText(),
          d.path("run_id").asText(),
          d.path("verdict").asText("-"),
          d.path("decision").asText());
    }
    JsonNode verify = api.get(AUDITOR, "/api/decisions/verify");
    say(
        "  Decision Log chain intact: %s (%d entries); Change Log intact: %s (%d entries)",
        verify.path("decisionLog").path("intact").asBoolean(),
        verify.path("decisionLog").path("intactEntries").asLong(),
        verify.path("changeLog").path("intact").asBoolean(),
        verify.path("changeLog").path("intactEntries").asLong());
    return verify;
  }

  private JsonNode vote(String identity, String path, String requestId, String comment) {
    JsonNode state = api.post(identity, path, vote(requestId, true, comment));
    say("  %s approves: request now %s", identity, state.path("outcome").asText());
    return state;
  }

  private static Map<String, Object> vote(String requestId, boolean approve, String comment) {
    return Map.of("requestId", requestId, "approve", approve, "comment", comment);
  }

  /** An action the engine must refuse; the demo prints the reason it gives. */
  private void refusedAs(String identity, String path, Object body) {
    try {
      api.post(identity, path, body);
      throw new IllegalStateException(
          "the engine accepted what it must refuse: " + identity + " POST " + path);
    } catch (DemoApi.Refused refused) {
      say("  refused (%d) for %s: %s", refused.status(), identity, refused.getMessage());
    }
  }

  private JsonNode awaitStep(String workflowId, String wanted) {
    return await(workflowId, s -> wanted.equals(s.path("state").path("step").asText()), wanted)
        .path("state");
  }

  private JsonNode awaitClosed(String workflowId) {
    return await(workflowId, s -> !"RUNNING".equals(s.path("status").asText()), "closed");
  }

  private JsonNode await(String workflowId, Predicate<JsonNode> done, String what) {
    Instant deadline = Instant.now().plus(STEP_TIMEOUT);
    JsonNode status = api.get(AUDITOR, "/api/runs/" + workflowId);
    while (!done.test(status)) {
      String runStatus = status.path("status").asText();
      if (!"RUNNING".equals(runStatus)) {
        throw new IllegalStateException(
            workflowId
                + " is "
                + runStatus
                + " before reaching "
                + what
                + ": "
                + status.path("failure").asText("see the engine log"));
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            workflowId
                + " did not reach "
                + what
                + " within "
                + STEP_TIMEOUT.toMinutes()
                + " min; it is at "
                + status.path("state").path("step").asText());
      }
      EngineProcess.sleep(200);
      status = api.get(AUDITOR, "/api/runs/" + workflowId);
    }
    return status;
  }

  private void step(String format, Object... args) {
    out.printf("%n%d. %s%n", ++stepNumber, String.format(format, args));
    out.flush();
  }

  private void say(String format, Object... args) {
    out.println(String.format(format, args));
    out.flush();
  }
}
