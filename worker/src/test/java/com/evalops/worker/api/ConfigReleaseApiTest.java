package com.evalops.worker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.stores.config.RouterConfigStore;
import com.evalops.worker.EngineTestSupport;
import com.evalops.worker.SimulatedLabelers;
import com.evalops.workflows.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Router config releases as users met them (config-releases.md), over real HTTP on the whole engine
 * (embedded Temporal, real workflows and activities, the demo data). Each incident is opened with
 * the API's defaults, labeled by the demo's simulated labelers, and driven by the dev identities.
 * Every test uses its own scopes: incidents are per scope and the engine is shared by the class.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"evalops.temporal.embedded-port=-1"})
class ConfigReleaseApiTest {
  static final Path DATA = EngineTestSupport.newDataDir();
  static final Duration WAIT = Duration.ofMinutes(3);
  static final SimulatedLabelers LABELERS = new SimulatedLabelers(EngineTestSupport.demoDataset());

  @DynamicPropertySource
  static void data(DynamicPropertyRegistry registry) {
    registry.add("evalops.data-dir", DATA::toString);
    registry.add("evalops.dataset-root", () -> EngineTestSupport.demoDataset().toString());
  }

  @LocalServerPort int port;
  @Autowired RouterConfigStore configs;
  @Autowired io.temporal.client.WorkflowClient temporal;

  // --- 1. lost updates ---------------------------------------------------------------------------

  @Test
  void givenCardsProposedBeforeBillingWasApplied_whenBothAreApplied_thenNoUpdateIsLost()
      throws Exception {
    openAndLabel("billing", "cards");

    JsonNode billing =
        propose("billing", op("disable_template", "fee_schedule_v1", null), "copy is wrong");
    assertTrue(billing.path("material").asBoolean(), billing.toString());
    assertEquals("IMMEDIATE", billing.path("gate").asString(), billing.toString());
    JsonNode cards =
        propose("cards", op("set_threshold", "card_not_working", 0.9), "fewer wrong auto-replies");
    assertFalse(cards.path("material").asBoolean(), cards.toString());
    assertEquals(List.of("ONCALL"), strings(cards.path("approverRoles")));

    approve("lead-1", "billing", billing.path("requestId").asString());
    approve("lead-2", "billing", billing.path("requestId").asString());
    String billingVersion =
        await("billing", "its mitigation applied", ConfigReleaseApiTest::mitigated)
            .path("configVersion")
            .asString();
    JsonNode afterBilling = current();
    assertEquals(billingVersion, afterBilling.path("config_version").asString());
    assertTrue(afterBilling.path("intent_thresholds").path("card_not_working").isMissingNode());

    approve("oncall-ben", "cards", cards.path("requestId").asString());
    JsonNode cardsState =
        await(
            "cards",
            "its mitigation applied or sent back to the approvers",
            s -> mitigated(s) || s.path("approvals").toString().contains("-r1"));
    assertTrue(mitigated(cardsState), cardsState.path("history").toString());
    String cardsVersion = cardsState.path("configVersion").asString();

    JsonNode inForce = current();
    assertEquals(cardsVersion, inForce.path("config_version").asString());
    assertFalse(
        inForce.path("templates").path("fee_schedule_v1").path("enabled").asBoolean(true),
        "billing's disable_template was lost: " + inForce);
    assertEquals(
        0.9,
        inForce.path("intent_thresholds").path("card_not_working").asDouble(),
        "cards' threshold was lost: " + inForce);
    assertTrue(holders(inForce, "billing").contains(own("billing")), inForce.toString());
    assertTrue(holders(inForce, "cards").contains(own("cards")), inForce.toString());

    List<JsonNode> log = changeLog();
    int billingAt = indexOf(log, own("billing") + "/" + billing.path("requestId").asString());
    int cardsAt = indexOf(log, own("cards") + "/" + cards.path("requestId").asString());
    assertTrue(billingAt >= 0 && cardsAt > billingAt, "billing then cards in " + log);
    assertEquals(billingVersion, log.get(billingAt).path("to_version").asString());
    assertEquals(cardsVersion, log.get(cardsAt).path("to_version").asString());
    for (int i = 1; i < log.size(); i++) {
      assertEquals(
          log.get(i - 1).path("to_version").asString(),
          log.get(i).path("from_version").asString(),
          "Change Log entry " + i + " is not from the version in force before it: " + log);
    }
  }

  // --- 2. safe mode per scope --------------------------------------------------------------------

  @Test
  void givenTwoScopesInSafeMode_whenOneIncidentExits_thenTheOtherScopeStaysRouteOnly()
      throws Exception {
    openAndLabel("account", "tech");
    JsonNode mitigation =
        propose("account", op("set_threshold", "account_update", 0.9), "fewer wrong replies");
    approve("oncall-ben", "account", mitigation.path("requestId").asString());
    await("account", "its mitigation applied", ConfigReleaseApiTest::mitigated);

    String exit = "/api/incidents/account/safe-mode/exit";
    Reply early = call("oncall-ana", "POST", exit, "{\"comment\":\"looks normal\"}");
    assertEquals(409, early.status(), early.body());
    assertTrue(early.body().contains("metrics not stable"), early.body());

    JsonNode rechecked = labelRechecks("account", 2);
    assertEquals(2, rechecked.path("rechecks").size(), rechecked.toString());
    String daily = dailyQaWindow("2025-12-19", true);
    JsonNode readiness =
        ok(
            "oncall-ana",
            "POST",
            "/api/incidents/account/qa-windows",
            "{\"dailyQaRunId\":\"" + daily + "\"}");
    assertEquals(0, readiness.path("unmetConditions").size(), readiness.toString());

    JsonNode receipt = ok("oncall-ana", "POST", exit, "{\"comment\":\"stable and QA clean\"}");
    assertEquals("EVALUATE", receipt.path("gate").asString(), receipt.toString());
    approve("lead-1", "account", receipt.path("requestId").asString());
    approve("lead-2", "account", receipt.path("requestId").asString());
    JsonNode closed = await("account", "its safe-mode exit", s -> "closed".equals(step(s)));
    assertFalse(closed.path("safeMode").asBoolean(), closed.path("history").toString());

    JsonNode inForce = current();
    assertEquals(
        closed.path("configVersion").asString(), inForce.path("config_version").asString());
    assertTrue(holders(inForce, "account").isEmpty(), "account still held: " + inForce);
    assertEquals(List.of(own("tech")), holders(inForce, "tech"), "tech's hold lost: " + inForce);
    assertTrue(configs.current().routeOnly("login_problem", "tech"), "a tech ticket auto-replies");
    assertFalse(configs.current().routeOnly("account_update", "account"));

    JsonNode tech = ok("auditor-au", "GET", "/api/runs/regression-tech", null);
    assertEquals("RUNNING", tech.path("status").asString());
    assertTrue(tech.path("state").path("safeMode").asBoolean(), tech.toString());
    JsonNode holds = ok("auditor-au", "GET", "/api/safe-mode", null);
    assertTrue(holds.toString().contains("\"scope\":\"tech\""), holds.toString());
    assertFalse(holds.toString().contains("\"scope\":\"account\""), holds.toString());
  }

  /**
   * As billing after cards' later mitigation: another incident moved the config in force after this
   * incident's mitigation, so its exit evidence must score the config now in force (§6): the
   * incident follows it and runs its golden recheck under it.
   */
  @Test
  void givenAnotherIncidentMovedTheConfig_whenExitIsRequested_thenEvidenceScoresTheConfigInForce()
      throws Exception {
    openAndLabel("refund_status");
    JsonNode mitigation =
        propose("refund_status", op("set_threshold", "refund_status", 0.9), "fewer wrong replies");
    approve("oncall-ben", "refund_status", mitigation.path("requestId").asString());
    String mitigated =
        await("refund_status", "its mitigation applied", ConfigReleaseApiTest::mitigated)
            .path("configVersion")
            .asString();

    ok(
        "oncall-ana",
        "POST",
        "/api/incidents",
        "{\"scope\":\"login_problem\",\"alarm\":\"quality-drop\",\"harm\":true}");
    await("login_problem", "its safe-mode hold", s -> s.path("safeMode").asBoolean());
    String inForce = current().path("config_version").asString();
    assertNotEquals(mitigated, inForce, "the second incident's hold moved the config in force");

    Reply exit =
        call(
            "oncall-ana",
            "POST",
            "/api/incidents/refund_status/safe-mode/exit",
            "{\"comment\":\"stable\"}");
    assertEquals(409, exit.status(), exit.body());
    assertTrue(exit.body().contains("under config " + inForce), exit.body());
    // The incident is labeling its first recheck (drawn under the older config); once it is
    // scored, the incident runs its golden recheck under the config now in force.
    labelRechecks("refund_status", 1);
    JsonNode followed =
        await(
            "refund_status",
            "its golden recheck under the config in force",
            s -> {
              for (JsonNode e : s.path("evaluations")) {
                if ("golden".equals(e.path("dataset").asString())
                    && inForce.equals(e.path("configVersion").asString())) {
                  return true;
                }
              }
              return false;
            });
    assertEquals(inForce, followed.path("configVersion").asString());
  }

  /**
   * Manual QA clean means a QA window after the scope's last config change (§6): the problem sample
   * labeled before the mitigation says nothing about the mitigated config.
   */
  @Test
  void givenOnlyQaLabeledBeforeTheMitigation_whenExitIsRequested_thenRefusedNamingManualQa()
      throws Exception {
    openAndLabel("subscription_cancel");
    JsonNode mitigation =
        propose(
            "subscription_cancel",
            op("set_threshold", "subscription_cancel", 0.9),
            "fewer wrong replies");
    approve("oncall-ben", "subscription_cancel", mitigation.path("requestId").asString());
    await("subscription_cancel", "its mitigation applied", ConfigReleaseApiTest::mitigated);
    labelRechecks("subscription_cancel", 2);

    Reply exit =
        call(
            "oncall-ana",
            "POST",
            "/api/incidents/subscription_cancel/safe-mode/exit",
            "{\"comment\":\"stable\"}");
    assertEquals(409, exit.status(), "exit admitted without QA since the change: " + exit.body());
    assertTrue(exit.body().contains("manual QA not clean: no daily QA run named"), exit.body());
    assertFalse(exit.body().contains("metrics not stable"), exit.body());
  }

  /**
   * Testimony is not evidence (§6): counts, a sample id or a run id typed by a client are refused
   * naming the field; a daily QA window where 2 of 20 tickets went to the wrong team is not clean.
   */
  @Test
  void givenTypedCountsOrAMisroutedQaWindow_whenNamedAsEvidence_thenRefusedOrNotClean()
      throws Exception {
    openAndLabel("transfer_failed");
    JsonNode mitigation =
        propose(
            "transfer_failed", op("set_threshold", "transfer_failed", 0.9), "fewer wrong replies");
    approve("oncall-ben", "transfer_failed", mitigation.path("requestId").asString());
    await("transfer_failed", "its mitigation applied", ConfigReleaseApiTest::mitigated);
    String qaWindows = "/api/incidents/transfer_failed/qa-windows";

    Reply invented =
        call(
            "labeler-li",
            "POST",
            qaWindows,
            "{\"sampleId\":\"invented\",\"labeledTickets\":999,\"safetyViolations\":0}");
    Reply namedRun =
        call(
            "oncall-ana",
            "POST",
            "/api/incidents/transfer_failed/evaluations",
            "{\"runId\":\"someone-elses-pass\"}");
    labelRechecks("transfer_failed", 2);
    String misrouted = dailyQaWindow("2025-12-18", false);
    JsonNode readiness =
        ok("oncall-ana", "POST", qaWindows, "{\"dailyQaRunId\":\"" + misrouted + "\"}");

    assertEquals(400, invented.status(), invented.body());
    assertTrue(invented.body().contains("sampleId"), invented.body());
    assertTrue(invented.body().contains("not evidence"), invented.body());
    assertEquals(400, namedRun.status(), namedRun.body());
    assertTrue(
        namedRun.body().contains("a run named by a client is not evidence"), namedRun.body());
    assertEquals(
        List.of(
            "manual QA not clean: daily QA "
                + misrouted
                + ": 2 of 20 tickets went to the wrong team (team correctness 90.0%, the policy"
                + " asks 95.0%)"),
        strings(readiness.path("unmetConditions")));
  }

  /**
   * Repeats are not evidence (§6): asking for evaluations again and again, seconds apart, starts no
   * second golden run under one config (the golden set is deterministic) and makes no metric
   * "stable"; only fresh production rechecks count.
   */
  @Test
  void
      givenEvaluationsAskedForAgainAndAgain_whenExitIsJudged_thenOneGoldenRunPerConfigAndNotStable()
          throws Exception {
    openAndLabel("password_reset");
    JsonNode mitigation =
        propose(
            "password_reset", op("set_threshold", "password_reset", 0.96), "fewer wrong replies");
    approve("oncall-ben", "password_reset", mitigation.path("requestId").asString());
    await("password_reset", "its mitigation applied", ConfigReleaseApiTest::mitigated);

    List<JsonNode> asked = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      asked.add(ok("oncall-ana", "POST", "/api/incidents/password_reset/evaluations", "{}"));
    }
    asked.add(ok("oncall-ana", "POST", "/api/incidents/password_reset/rechecks", "{}"));
    // The golden recheck under the mitigated config has run once the first recheck is scored.
    JsonNode scored = labelRechecks("password_reset", 1);

    for (JsonNode readiness : asked) {
      assertEquals(0, readiness.path("consecutivePasses").asInt(), readiness.toString());
      assertTrue(
          strings(readiness.path("unmetConditions")).stream()
              .anyMatch(c -> c.startsWith("metrics not stable: 0 of 2")),
          readiness.toString());
    }
    List<String> goldenConfigs = new ArrayList<>();
    for (JsonNode e : scored.path("evaluations")) {
      if ("golden".equals(e.path("dataset").asString())
          && e.path("runId").asString().contains("-recheck-golden-")) {
        goldenConfigs.add(e.path("configVersion").asString());
      }
    }
    assertFalse(goldenConfigs.isEmpty(), scored.path("evaluations").toString());
    assertEquals(
        goldenConfigs.stream().distinct().toList(),
        goldenConfigs,
        "a golden recheck repeated under one config: " + scored.path("evaluations"));
    assertTrue(
        strings(scored.path("exitUnmetConditions")).stream()
            .anyMatch(c -> c.startsWith("metrics not stable: 1 of 2")),
        scored.path("exitUnmetConditions").toString());
  }

  // --- 3. a STOP config cannot ship --------------------------------------------------------------

  @Test
  void givenARollbackToAStopConfig_whenProposed_thenItNeverBecomesTheConfigInForce()
      throws Exception {
    openAndLabel("payments");
    JsonNode before = current();
    assertEquals("m3", before.path("model_version").asString());

    JsonNode receipt = propose("payments", op("rollback_to", "v14", null), "back to v14");
    assertEquals("EVALUATE", receipt.path("gate").asString(), receipt.toString());
    assertTrue(receipt.path("material").asBoolean(), receipt.toString());
    assertTrue(
        strings(receipt.path("materialReasons")).contains("changes model_version: m3 -> m5"),
        receipt.toString());
    assertTrue(receipt.path("deadline").isNull(), receipt.toString());

    String gateRun = own("payments") + "-gate-1";
    JsonNode state =
        await(
            "payments",
            "the release gate's refusal",
            s -> {
              assertNotEquals("m5", current().path("model_version").asString(), "v14 shipped");
              return "mitigation_proposal".equals(step(s)) && s.path("findings").size() > 0;
            });
    String findings = state.path("findings").toString();
    assertTrue(findings.contains("STOP") && findings.contains(gateRun), findings);
    JsonNode gate = evaluation(state, gateRun);
    assertEquals("STOP", gate.path("verdict").asString(), gate.toString());
    assertEquals(0, state.path("approvals").path("requests").size(), state.toString());
    assertEquals(0, state.path("approvals").path("pending").size(), state.toString());

    JsonNode after = current();
    assertEquals(before.path("config_version").asString(), after.path("config_version").asString());
    assertEquals("m3", after.path("model_version").asString());
    assertEquals(
        -1, indexOf(changeLog(), own("payments") + "/" + receipt.path("requestId").asString()));
    JsonNode run = ok("auditor-au", "GET", "/api/runs/evaluation-" + gateRun, null);
    assertEquals("COMPLETED", run.path("status").asString(), run.toString());
  }

  // --- 4. approved is applied, and only what is approved ----------------------------------------

  @Test
  void
      givenALeadershipIntentAndAnUnknownTemplate_whenProposedAndVoted_thenOnlyTheApprovedIsApplied()
          throws Exception {
    openAndLabel("risk");
    String mitigation = "/api/incidents/risk/mitigation";

    Reply unknown =
        call("oncall-ana", "POST", mitigation, body(op("disable_template", "no_such_v9", null)));
    assertEquals(400, unknown.status(), unknown.body());
    assertTrue(unknown.body().contains("\"field\":\"operations[0].target\""), unknown.body());
    Reply noTemplate =
        call("oncall-ana", "POST", mitigation, body("{\"op\":\"disable_template\"}"));
    assertEquals(400, noTemplate.status(), noTemplate.body());
    assertTrue(
        noTemplate.body().contains("operations[0].target = null: required for disable_template"),
        noTemplate.body());
    Reply outOfRange =
        call("oncall-ana", "POST", mitigation, body(op("set_threshold", "fraud_report", 1.5)));
    assertEquals(400, outOfRange.status(), outOfRange.body());
    assertTrue(outOfRange.body().contains("operations[0].value"), outOfRange.body());
    JsonNode refusedAt = state("risk");
    assertEquals("mitigation_proposal", step(refusedAt));
    assertTrue(
        refusedAt.path("history").toString().contains("required for disable_template"),
        "the refusal is not in the incident's history: " + refusedAt.path("history"));

    JsonNode before = current();
    JsonNode receipt = propose("risk", op("set_threshold", "fraud_report", 0.95), "fewer misses");
    String requestId = receipt.path("requestId").asString();
    assertTrue(receipt.path("material").asBoolean(), receipt.toString());
    assertTrue(
        strings(receipt.path("materialReasons"))
            .contains("touches leadership_approval intent fraud_report"),
        receipt.toString());
    assertEquals(List.of("LEADERSHIP"), strings(receipt.path("approverRoles")));
    assertEquals(2, receipt.path("minApprovals").asInt());

    Reply oncall =
        call(
            "oncall-ben",
            "POST",
            "/api/runs/regression-risk/votes",
            "{\"requestId\":\"" + requestId + "\",\"approve\":true}");
    assertEquals(409, oncall.status(), oncall.body());
    assertTrue(oncall.body().contains("LEADERSHIP"), oncall.body());

    approve("lead-1", "risk", requestId);
    approve("lead-2", "risk", requestId);
    JsonNode applied = await("risk", "its mitigation applied", ConfigReleaseApiTest::mitigated);
    String from = before.path("config_version").asString();
    String to = applied.path("configVersion").asString();
    assertEquals(to, current().path("config_version").asString());

    JsonNode diff =
        ok("auditor-au", "GET", "/api/router-config/diff?from=" + from + "&to=" + to, null);
    assertEquals(1, diff.size(), "applied more than approved: " + diff);
    assertEquals("intent_thresholds.fraud_report", diff.get(0).path("key").asString());
    assertEquals(strings(receipt.path("diff")), List.of(describe(diff.get(0))));
    List<JsonNode> log = changeLog();
    JsonNode entry = log.get(indexOf(log, own("risk") + "/" + requestId));
    assertEquals(receipt.path("changeDigest").asString(), entry.path("change_digest").asString());
    assertEquals(List.of("lead-1", "lead-2"), strings(entry.path("approved_by")));
    assertEquals(from, entry.path("from_version").asString());
  }

  // --- 5. the evaluation runbook's decision is a release like any other
  // ---------------------------

  @Test
  void
      givenAStopEvaluation_whenOncallDecidesARollbackToAStopConfig_thenTheGateRefusesItAndAsksAgain()
          throws Exception {
    String id =
        ok(
                "oncall-ana",
                "POST",
                "/api/runs/eval",
                "{\"runId\":\"api-decide-v14\",\"configVersion\":\"v14\"}")
            .path("workflowId")
            .asString();
    JsonNode deciding = awaitRun(id, "the decision step", ConfigReleaseApiTest::deciding);
    assertEquals("STOP", deciding.path("state").path("verdict").asString(), deciding.toString());
    JsonNode before = current();
    String decision = "/api/runs/" + id + "/decision";

    Reply unknown =
        call(
            "oncall-ana",
            "POST",
            decision,
            "{\"action\":\"rollback\",\"rollbackTo\":\"no_such_v9\"}");
    assertEquals(400, unknown.status(), unknown.body());
    assertTrue(unknown.body().contains("\"field\":\"rollbackTo\""), unknown.body());
    assertTrue(
        unknown.body().contains("rollbackTo") && unknown.body().contains("no_such_v9"),
        unknown.body());
    JsonNode recorded =
        ok(
            "oncall-ana",
            "POST",
            decision,
            "{\"action\":\"rollback\",\"rollbackTo\":\"v14\",\"comment\":\"back to m5\"}");
    String result = recorded.path("result").asString();
    assertTrue(result.contains("rollback_to(v14)") && result.contains("EVALUATE"), result);
    assertTrue(result.contains("changes model_version"), result);

    JsonNode again =
        awaitRun(
            id,
            "the release gate's refusal and a new decision step",
            r -> deciding(r) && r.path("state").path("history").toString().contains("not applied"));
    String history = again.path("state").path("history").toString();
    assertTrue(history.contains("evaluated STOP in run api-decide-v14-gate-1"), history);
    assertEquals(0, again.path("state").path("approvals").path("requests").size(), history);
    JsonNode gate = ok("auditor-au", "GET", "/api/runs/evaluation-api-decide-v14-gate-1", null);
    assertEquals("COMPLETED", gate.path("status").asString(), gate.toString());
    assertEquals("STOP", gate.path("state").path("verdict").asString(), gate.toString());
    JsonNode after = current();
    assertEquals(before.path("config_version").asString(), after.path("config_version").asString());
    assertNotEquals("m5", after.path("model_version").asString(), "v14 shipped");

    ok("oncall-ana", "POST", decision, "{\"action\":\"no_change\",\"comment\":\"keep it\"}");
    JsonNode done = awaitRun(id, "its end", r -> "COMPLETED".equals(r.path("status").asString()));
    assertEquals("no_change", done.path("state").path("decision").asString(), done.toString());
  }

  // --- 5. orphaned holds: released only by an approved leadership request -----------------------

  @Test
  void givenAnIncidentEndedWithoutReleasing_whenLeadershipApprovesTheRelease_thenOnlyItsHoldGoes()
      throws Exception {
    openAndLabel("card_stolen", "statement_download");
    String orphan = own("card_stolen");
    String live = own("statement_download");
    temporal.newUntypedWorkflowStub("regression-card_stolen").terminate("lost in a test");
    awaitRun(
        "regression-card_stolen",
        "terminated",
        r -> "TERMINATED".equals(r.path("status").asString()));
    JsonNode holds = ok("auditor-au", "GET", "/api/safe-mode", null);
    assertTrue(
        holds.toString().contains("\"holder\":\"" + orphan + "\",\"state\":\"orphaned\""),
        holds.toString());

    Reply unknown =
        call(
            "oncall-ana",
            "POST",
            "/api/safe-mode/releases",
            "{\"scope\":\"card_stolen\",\"holder\":\"regression-card_stolen-00000000\"}");
    Reply labeler =
        call(
            "labeler-li",
            "POST",
            "/api/safe-mode/releases",
            "{\"scope\":\"card_stolen\",\"holder\":\"" + orphan + "\"}");
    String liveRelease =
        ok(
                "oncall-ana",
                "POST",
                "/api/safe-mode/releases",
                "{\"scope\":\"statement_download\",\"holder\":\"" + live + "\"}")
            .path("workflowId")
            .asString();
    String release =
        ok(
                "oncall-ana",
                "POST",
                "/api/safe-mode/releases",
                "{\"scope\":\"card_stolen\",\"holder\":\""
                    + orphan
                    + "\",\"comment\":\"its incident was lost\"}")
            .path("workflowId")
            .asString();
    JsonNode asked =
        awaitRun(
                release,
                "leadership's approval",
                r -> r.path("state").path("approvals").path("pending").size() > 0)
            .path("state");
    JsonNode request = asked.path("approvals").path("requests").get(0).path("request");
    String digest = request.path("evidence").path("change_digest").asString();
    for (String lead : List.of("lead-1", "lead-2")) {
      ok(
          lead,
          "POST",
          "/api/runs/" + release + "/votes",
          "{\"requestId\":\"release\",\"approve\":true,\"changeDigest\":\""
              + digest
              + "\",\"acknowledge\":\""
              + request.path("evidence").path("acknowledge_verdict").asString("")
              + "\"}");
    }
    JsonNode done =
        awaitRun(release, "released", r -> "COMPLETED".equals(r.path("status").asString()));
    JsonNode refusedLive =
        awaitRun(liveRelease, "refused", r -> "COMPLETED".equals(r.path("status").asString()));

    assertEquals(400, unknown.status(), unknown.body());
    assertTrue(unknown.body().contains("holds no safe mode on card_stolen"), unknown.body());
    // The terminated incident cannot be queried; its API status and console page still answer.
    JsonNode terminated = ok("auditor-au", "GET", "/api/runs/regression-card_stolen", null);
    assertEquals("TERMINATED", terminated.path("status").asString(), terminated.toString());
    String page =
        new EngineHttp(DATA, port)
            .consolePage("auditor-au", "/console/runs/regression-card_stolen");
    assertTrue(page.contains("TERMINATED"), page);
    assertEquals(403, labeler.status(), labeler.body());
    assertEquals("released", done.path("state").path("outcome").asString(), done.toString());
    assertEquals(
        "refused", refusedLive.path("state").path("outcome").asString(), refusedLive.toString());
    JsonNode inForce = current();
    assertTrue(holders(inForce, "card_stolen").isEmpty(), inForce.toString());
    assertEquals(List.of(live), holders(inForce, "statement_download"), inForce.toString());
    assertTrue(
        request.path("evidence").path("candidate_verdict").asString().matches("PASS|REVIEW"),
        request.toString());
  }

  // --- helpers -----------------------------------------------------------------------------------

  /** An evaluation runbook waiting for on-call's decision. */
  private static boolean deciding(JsonNode run) {
    JsonNode state = run.path("state");
    return "decide".equals(step(state)) && state.hasNonNull("waitingUntil");
  }

  record Reply(int status, String body) {}

  /**
   * Opens a harmful incident per scope at once, labels each sample, waits for the proposal step.
   */
  private void openAndLabel(String... scopes) throws Exception {
    for (String scope : scopes) {
      ok(
          "oncall-ana",
          "POST",
          "/api/incidents",
          "{\"scope\":\"" + scope + "\",\"alarm\":\"quality-drop\",\"harm\":true}");
    }
    for (String scope : scopes) {
      JsonNode labeling = await(scope, "labeling", s -> "labeling".equals(step(s)));
      assertTrue(labeling.path("safeMode").asBoolean(), labeling.toString());
      label("regression-" + scope);
    }
    for (String scope : scopes) {
      await(scope, "mitigation_proposal", s -> "mitigation_proposal".equals(step(s)));
    }
  }

  /** The demo's labelers label a runbook's whole queue, taking turns. */
  private void label(String workflowId) throws Exception {
    JsonNode queue = ok("labeler-li", "GET", "/api/runs/" + workflowId + "/labeling", null);
    int i = 0;
    for (JsonNode ticket : queue.path("tickets")) {
      String labeler = i++ % 2 == 0 ? "labeler-li" : "labeler-mo";
      Reply labeled =
          call(
              labeler,
              "POST",
              "/api/runs/" + workflowId + "/labels",
              LABELERS.label(ticket.path("ticket_id").asString()));
      if (labeled.status() == 409) {
        break; // the queue closed at quorum
      }
      assertEquals(200, labeled.status(), labeled.body());
    }
  }

  /**
   * A closed daily QA run of {@code day}, every ticket reviewed: all routed right when {@code
   * clean}, else the first two sent to the wrong team.
   */
  private String dailyQaWindow(String day, boolean clean) throws Exception {
    String id =
        ok("oncall-ana", "POST", "/api/runs/daily", "{\"day\":\"" + day + "\",\"sampleSize\":20}")
            .path("workflowId")
            .asString();
    awaitRun(id, "labeling", r -> "labeling".equals(r.path("state").path("step").asString()));
    JsonNode queue = ok("labeler-li", "GET", "/api/runs/" + id + "/labeling", null);
    int i = 0;
    for (JsonNode ticket : queue.path("tickets")) {
      boolean teamRight = clean || i++ >= 2;
      ok(
          "labeler-mo",
          "POST",
          "/api/runs/" + id + "/labels",
          "{\"ticketId\":\""
              + ticket.path("ticket_id").asString()
              + "\",\"correctTeam\":"
              + teamRight
              + ",\"correctTemplate\":true}");
    }
    awaitRun(id, "closed", r -> "COMPLETED".equals(r.path("status").asString()));
    return id;
  }

  /**
   * The demo's labelers label the incident's first {@code rounds} recheck samples as each opens;
   * returns the state once they are scored.
   */
  private JsonNode labelRechecks(String scope, int rounds) throws Exception {
    String own = own(scope);
    for (int round = 1; round <= rounds; round++) {
      String sample = "recheck-" + own + "-" + round;
      await(
          scope,
          "recheck " + round + " labeling",
          s ->
              "recheck".equals(step(s))
                  && sample.equals(s.path("labeling").path("sample").path("sampleId").asString())
                  && s.path("labeling").path("closedAt").isNull());
      label("regression-" + scope);
    }
    return await(scope, rounds + " rechecks scored", s -> s.path("rechecks").size() >= rounds);
  }

  /** After the mitigation decision: gathering exit evidence or waiting for the exit request. */
  private static boolean mitigated(JsonNode state) {
    return "safe_mode_exit".equals(step(state)) || "recheck".equals(step(state));
  }

  private JsonNode propose(String scope, String operation, String comment) throws Exception {
    JsonNode receipt =
        ok(
            "oncall-ana",
            "POST",
            "/api/incidents/" + scope + "/mitigation",
            "{\"operations\":[" + operation + "],\"comment\":\"" + comment + "\"}");
    assertFalse(receipt.path("changeDigest").asString().isEmpty(), receipt.toString());
    return receipt;
  }

  private void approve(String identity, String scope, String requestId) throws Exception {
    ok(
        identity,
        "POST",
        "/api/runs/regression-" + scope + "/votes",
        "{\"requestId\":\"" + requestId + "\",\"approve\":true,\"comment\":\"agreed\"}");
  }

  private static String op(String op, String target, Double value) {
    return "{\"op\":\""
        + op
        + "\",\"target\":\""
        + target
        + "\""
        + (value == null ? "" : ",\"value\":" + value)
        + "}";
  }

  private static String body(String operation) {
    return "{\"operations\":[" + operation + "]}";
  }

  private JsonNode current() {
    return ok("auditor-au", "GET", "/api/router-config/current", null);
  }

  /** The Change Log's entries, oldest first, as stored (snake_case). */
  private List<JsonNode> changeLog() {
    List<JsonNode> entries = new ArrayList<>();
    ok("auditor-au", "GET", "/api/change-log", null).forEach(e -> entries.add(e.path("content")));
    return entries;
  }

  private static int indexOf(List<JsonNode> log, String entryId) {
    for (int i = 0; i < log.size(); i++) {
      if (log.get(i).path("entry_id").asString().equals(entryId)) {
        return i;
      }
    }
    return -1;
  }

  private static List<String> holders(JsonNode config, String scope) {
    return strings(config.path("safe_mode_scopes").path(scope));
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asString()));
    return values;
  }

  private static String describe(JsonNode change) {
    return change.path("key").asString()
        + ": "
        + change.path("before").asString()
        + " -> "
        + change.path("after").asString();
  }

  private static JsonNode evaluation(JsonNode state, String runId) {
    for (JsonNode e : state.path("evaluations")) {
      if (runId.equals(e.path("runId").asString())) {
        return e;
      }
    }
    throw new AssertionError("no evaluation " + runId + " in " + state.path("evaluations"));
  }

  private static String step(JsonNode state) {
    return state.path("step").asString();
  }

  private JsonNode state(String scope) {
    return ok("auditor-au", "GET", "/api/runs/regression-" + scope, null).path("state");
  }

  /** Polls the incident's state until {@code done}; gives up after {@link #WAIT}. */
  private JsonNode await(String scope, String what, Predicate<JsonNode> done) throws Exception {
    return awaitRun("regression-" + scope, what, r -> done.test(r.path("state"))).path("state");
  }

  private JsonNode awaitRun(String workflowId, String what, Predicate<JsonNode> done) {
    return Await.until(
        workflowId + " reaching " + what,
        WAIT,
        () -> ok("auditor-au", "GET", "/api/runs/" + workflowId, null),
        done);
  }

  private JsonNode ok(String identity, String method, String path, String json) {
    return http().ok(identity, method, path, json);
  }

  private Reply call(String identity, String method, String path, String json) {
    EngineHttp.Reply reply = http().call(identity, method, path, json);
    return new Reply(reply.status(), reply.body());
  }

  /** HTTP as the dev identities, the same client every engine test uses. */
  private EngineHttp http() {
    return new EngineHttp(DATA, port);
  }

  /** An incident's own id, which names its hold, its child runs and its releases. */
  private String own(String scope) {
    return ok("auditor-au", "GET", "/api/runs/regression-" + scope, null)
        .path("state")
        .path("incidentId")
        .asString();
  }
}
