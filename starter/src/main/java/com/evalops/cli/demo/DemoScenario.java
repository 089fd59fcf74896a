package com.evalops.cli.demo;

import com.evalops.harness.report.Csv;
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
 * it), simulated labelers, the sample and golden evaluations with the metrics they found, a second
 * incident on cards whose safe-mode hold is its own, a rollback to v14 that the release gate
 * refuses (its model m5 misses Tier 0 tickets), a mitigation approved by two leaders, an early
 * safe-mode exit refused, the evidence the incident computes itself (its golden recheck, two fresh
 * production samples labeled and scored, a fully reviewed daily QA run it reads back), and
 * billing's approved exit, after which cards stays held. Every refusal the engine gives on the way
 * is printed with its reason.
 *
 * <p>The config in force at the alarm is the seeded v12, as for {@code ./evalops up}. Its fault is
 * the one production shows: the fee_schedule_v1 auto-reply is the router's answer for problem
 * tickets that are not fee questions. The incident scores its problem sample under that config
 * (what customers got), so the sample evaluation shows the fault through the Tier 2 gate; the
 * rechecks after the mitigation score the config billing's exit would make current.
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
  static final String SECOND_SCOPE = "cards";
  static final String SECOND_INCIDENT = "regression-" + SECOND_SCOPE;
  static final String ROLLBACK_TARGET = "v14";
  static final String TEMPLATE = "fee_schedule_v1";
  static final String TEMPLATE_INTENT = "fee_schedule";
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
      showEvaluation(e);
    }
    for (JsonNode finding : state.path("findings")) {
      if (finding.asText().startsWith("sample evaluation")) {
        say("  incident finding: %s", finding.asText());
      }
    }
    openSecondIncident();
    refusedRollback();
    mitigate();
    exitSafeMode();
    secondHoldSurvives();
    return audit();
  }

  /** One evaluation of an incident, with the metrics of its report that tell what it found. */
  private void showEvaluation(JsonNode e) {
    String runId = e.path("runId").asText();
    JsonNode m = api.get(AUDITOR, "/api/artifacts/" + runId + "/files/metrics.json");
    say(
        "  %s evaluation %s under %s: %s",
        e.path("dataset").asText(),
        runId,
        e.path("configVersion").asText(),
        e.path("verdict").asText());
    say(
        "    %d tickets: accuracy %.2f, team accuracy %.2f, template accuracy %.2f, Tier 0 misses"
            + " %d, unsafe auto-replies %d",
        m.path("dataset").path("count").asLong(),
        m.path("accuracy").asDouble(),
        m.path("team_accuracy").asDouble(),
        m.path("template_accuracy").asDouble(),
        m.path("tier0").path("fn").asLong(),
        m.path("unsafe_automations").asLong());
    if ("sample".equals(e.path("dataset").asText())) {
      templateAnswers(runId, m);
    }
  }

  /**
   * The sample tickets the router answers with {@link #TEMPLATE}: those it files under the
   * template's intent while the evaluated config enables it. The misroutes report names the wrong
   * ones (the labelers' gold intent is another); per-intent recall gives the right ones.
   */
  private void templateAnswers(String runId, JsonNode metrics) {
    if (!metrics.path("config").path("templates").path(TEMPLATE).path("enabled").asBoolean()) {
      say(
          "    %s is disabled in %s: no ticket gets it",
          TEMPLATE, metrics.path("config").path("config_version").asText());
      return;
    }
    List<String> wrong =
        misroutedAs(
            TEMPLATE_INTENT,
            api.get(AUDITOR, "/api/artifacts/" + runId + "/files/misroutes.csv").asText());
    JsonNode own = metrics.path("per_intent").path(TEMPLATE_INTENT);
    long right = Math.round(own.path("recall").asDouble() * own.path("support").asLong());
    boolean held = metrics.path("config").path("safe_mode_scopes").has(SCOPE);
    say(
        "    %s is the router's answer for %d of %d problem tickets, %d of them not a fee"
            + " question %s; %s",
        TEMPLATE,
        right + wrong.size(),
        metrics.path("dataset").path("count").asLong(),
        wrong.size(),
        wrong,
        held
            ? "route-only under the hold, so none is sent here"
            : "under "
                + metrics.path("config").path("config_version").asText()
                + ", the config customers got, it went out by itself: "
                + metrics.path("unsafe_automations").asLong()
                + " unsafe auto-reply(ies). The gates pass the sample (no Tier 0 miss, no Tier 2"
                + " gate refusal), the metrics show the fault");
  }

  /** The tickets of a misroutes report (data contract §7) the router filed under an intent. */
  static List<String> misroutedAs(String intent, String misroutesCsv) {
    List<List<String>> rows = Csv.read(misroutesCsv);
    if (rows.isEmpty()) {
      return List.of();
    }
    int ticket = rows.get(0).indexOf("ticket_id");
    int predicted = rows.get(0).indexOf("predicted_intent");
    List<String> tickets = new ArrayList<>();
    for (List<String> row : rows.subList(1, rows.size())) {
      if (predicted < row.size() && intent.equals(row.get(predicted))) {
        tickets.add(row.get(ticket));
      }
    }
    return tickets;
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
    sentInProduction(queue);
  }

  /**
   * What production sent: the tickets the router answered with {@link #TEMPLATE} by itself under
   * the config the alarm fired on, and those the labelers say were not fee questions.
   */
  private void sentInProduction(JsonNode queue) {
    List<String> sent = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    for (JsonNode t : queue.path("tickets")) {
      JsonNode p = t.path("prediction");
      if (p.path("automated").asBoolean() && TEMPLATE.equals(p.path("template").asText())) {
        String id = t.path("ticket_id").asText();
        sent.add(id);
        Object gold = labelers.label(id).get("goldIntent");
        if (gold != null && !TEMPLATE_INTENT.equals(gold)) {
          wrong.add(id);
        }
      }
    }
    say(
        "  in production the router had sent %s by itself to %d of them; the labelers say %d of"
            + " those %s not a fee question %s",
        TEMPLATE, sent.size(), wrong.size(), wrong.size() == 1 ? "was" : "were", wrong);
  }

  /** A second scope in trouble while billing is open: an incident of its own, a hold of its own. */
  private void openSecondIncident() {
    step("Alarm on the cards queue while billing is open; customers may be harmed there too");
    Map<String, Object> alarm = new LinkedHashMap<>();
    alarm.put("scope", SECOND_SCOPE);
    alarm.put("alarm", "quality-drop");
    alarm.put("harm", true);
    alarm.put("detail", "card_not_working overrides doubled over the last hour");
    JsonNode opened = api.post(ONCALL, "/api/alarms", alarm);
    say(
        "  %s opened (joined an open one: %s)",
        opened.path("workflowId").asText(), opened.path("joined").asBoolean());
    JsonNode state = awaitStep(SECOND_INCIDENT, "labeling");
    say("  safe mode ON for cards: router config now %s", state.path("configVersion").asText());
    showHolds();
  }

  /**
   * The newest stored config is not a safe way back: a rollback is evaluated like any candidate,
   * and the release gate refuses it before anyone votes.
   */
  private void refusedRollback() {
    step(
        "On-call %s first proposes a rollback to %s, the newest stored config (model m5)",
        ONCALL, ROLLBACK_TARGET);
    Map<String, Object> proposal = new LinkedHashMap<>();
    proposal.put("operations", List.of(Map.of("op", "rollback_to", "target", ROLLBACK_TARGET)));
    proposal.put("comment", "go forward to the newest model");
    int findingsBefore =
        api.get(AUDITOR, "/api/runs/" + INCIDENT).path("state").path("findings").size();
    JsonNode receipt = api.post(ONCALL, "/api/incidents/" + SCOPE + "/mitigation", proposal);
    say("  change %s: %s", receipt.path("changeDigest").asText(), receipt.path("diff"));
    say(
        "  gate %s, material %s %s",
        receipt.path("gate").asText(),
        receipt.path("material").asBoolean(),
        receipt.path("materialReasons"));
    JsonNode state =
        await(
                INCIDENT,
                s ->
                    "mitigation_proposal".equals(s.path("state").path("step").asText())
                        && s.path("state").path("findings").size() > findingsBefore,
                "the release gate's answer")
            .path("state");
    JsonNode findings = state.path("findings");
    say("  refused: %s", findings.get(findings.size() - 1).asText());
    JsonNode evaluations = state.path("evaluations");
    showEvaluation(evaluations.get(evaluations.size() - 1));
    say(
        "  the incident is back at step %s; nothing was put to a vote",
        state.path("step").asText());
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
    JsonNode state =
        await(
                INCIDENT,
                s -> {
                  String step = s.path("state").path("step").asText();
                  return "recheck".equals(step) || "safe_mode_exit".equals(step);
                },
                "the mitigation applied")
            .path("state");
    String version = state.path("configVersion").asText();
    say("  mitigation applied: router config now %s", version);
    JsonNode config = api.get(AUDITOR, "/api/router-config/versions/" + version);
    say(
        "  %s enabled in %s: %s; the problem tickets it answered now get no auto-reply",
        TEMPLATE, version, config.path("templates").path(TEMPLATE).path("enabled").asBoolean());
  }

  private void exitSafeMode() {
    step("Safe-mode exit: the evidence the incident computes itself");
    String exit = "/api/incidents/" + SCOPE + "/safe-mode/exit";
    refusedAs(ONCALL, exit, Map.of("comment", "billing looks normal again"));
    refusedAs(
        LABELER_1,
        "/api/incidents/" + SCOPE + "/qa-windows",
        Map.of("sampleId", "my-sample", "labeledTickets", 999, "safetyViolations", 0));
    for (int round = 1; round <= 2; round++) {
      String sample = "recheck-" + incidentId(INCIDENT) + "-" + round;
      await(
          INCIDENT,
          s ->
              "recheck".equals(s.path("state").path("step").asText())
                  && sample.equals(
                      s.path("state").path("labeling").path("sample").path("sampleId").asText()),
          "recheck " + round);
      label(INCIDENT);
    }
    JsonNode gathered =
        await(
                INCIDENT,
                s ->
                    "safe_mode_exit".equals(s.path("state").path("step").asText())
                        && s.path("state").path("rechecks").size() >= 2,
                "two rechecks scored")
            .path("state");
    for (JsonNode e : gathered.path("evaluations")) {
      String runId = e.path("runId").asText();
      if (runId.contains("-recheck-")) {
        showEvaluation(e);
      }
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
        "  incident %s: safe mode %s for %s, router config %s",
        closed.path("step").asText(),
        closed.path("safeMode").asBoolean() ? "ON" : "off",
        SCOPE,
        closed.path("configVersion").asText());
  }

  /** Billing's exit released billing's hold only: cards stays route-only for its own incident. */
  private void secondHoldSurvives() {
    step("After billing's exit: the cards hold is still in force");
    showHolds();
    JsonNode current = api.get(AUDITOR, "/api/router-config/current");
    say(
        "  router config %s: safe_mode_scopes %s",
        current.path("config_version").asText(), current.path("safe_mode_scopes"));
    JsonNode cards = api.get(AUDITOR, "/api/runs/" + SECOND_INCIDENT);
    say(
        "  %s stays open at step %s (%s): its hold ends only with its own approved exit;"
            + " the demo leaves it there",
        SECOND_INCIDENT,
        cards.path("state").path("step").asText(),
        cards.path("state").path("waitingFor").asText());
  }

  private String incidentId(String workflowId) {
    return api.get(AUDITOR, "/api/runs/" + workflowId).path("state").path("incidentId").asText();
  }

  private void showHolds() {
    JsonNode holds = api.get(AUDITOR, "/api/safe-mode");
    for (JsonNode h : holds.path("holds")) {
      say(
          "  %s held by %s (%s)",
          h.path("scope").asText(), h.path("holder").asText(), h.path("state").asText());
    }
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
