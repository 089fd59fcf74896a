package com.evalops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the verbs send and print, against a local server that answers as the engine would. */
class EngineVerbsTest {
  @TempDir Path tmp;
  private HttpServer engine;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  /** "METHOD path" → status and body; unknown paths answer 404. */
  private final Map<String, String[]> answers = new ConcurrentHashMap<>();

  @BeforeEach
  void startEngine() throws IOException {
    engine = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    engine.createContext(
        "/",
        exchange -> {
          String key = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath();
          requests.add(
              key
                  + " "
                  + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          String[] answer =
              answers.getOrDefault(key, new String[] {"404", "{\"reason\":\"no such thing\"}"});
          byte[] bytes = answer[1].getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(Integer.parseInt(answer[0]), bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    engine.start();
  }

  @AfterEach
  void stopEngine() {
    engine.stop(0);
  }

  private CliRun evalops(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--engine", "http://127.0.0.1:" + engine.getAddress().getPort()));
    return CliRun.evalops(all.toArray(String[]::new));
  }

  private void answer(String request, int status, String body) {
    answers.put(request, new String[] {String.valueOf(status), body});
  }

  @Test
  void givenCorrect_whenLabeled_thenBothAnswersTrueAndProgressPrinted() {
    answer(
        "POST /api/runs/regression-billing/labels",
        200,
        "{\"sampleSize\":20,\"labeledTickets\":3,\"quorumReached\":false,\"complete\":false}");

    CliRun run =
        evalops(
            "label",
            "regression-billing",
            "--ticket",
            "RL-1",
            "--correct",
            "--as",
            "x",
            "--dev-tokens",
            tokens());

    assertEquals(0, run.exit(), run.err());
    assertEquals("labeled RL-1 on regression-billing: 3 of 20 tickets labeled\n", run.out());
    assertEquals(
        "POST /api/runs/regression-billing/labels {\"ticketId\":\"RL-1\",\"correctTeam\":true,"
            + "\"correctTemplate\":true,\"safetyViolation\":false}",
        requests.get(0));
  }

  @Test
  void givenWrongTeamWithGold_whenLabeled_thenTeamFalseAndGoldSent() {
    answer("POST /api/runs/daily-qa-2025-12-15/labels", 200, "{}");

    evalops(
        "label",
        "daily-qa-2025-12-15",
        "--ticket",
        "RL-2",
        "--team-wrong",
        "--gold-team",
        "payments",
        "--safety-violation",
        "--as",
        "x",
        "--dev-tokens",
        tokens());

    assertTrue(
        requests
            .get(0)
            .endsWith(
                "{\"ticketId\":\"RL-2\",\"correctTeam\":false,\"correctTemplate\":true,"
                    + "\"safetyViolation\":true,\"goldTeam\":\"payments\"}"),
        requests.get(0));
  }

  @Test
  void givenNeitherCorrectNorWrong_whenLabeled_thenUsageErrorAndNothingSent() {
    CliRun run =
        evalops(
            "label",
            "regression-billing",
            "--ticket",
            "RL-1",
            "--as",
            "x",
            "--dev-tokens",
            tokens());

    assertEquals(2, run.exit());
    assertTrue(run.err().contains("say --correct, or what was wrong"), run.err());
    assertTrue(requests.isEmpty());
  }

  @Test
  void givenABrokenChain_whenVerified_thenExit1NamingTheLogAndSeq() {
    answer(
        "GET /api/decisions/verify",
        200,
        "{\"decisionLog\":{\"intact\":false,\"intactEntries\":4,\"headSha256\":null,"
            + "\"firstBrokenSeq\":5,\"reason\":\"prev_sha256 does not match entry 4\"},"
            + "\"changeLog\":{\"intact\":true,\"intactEntries\":2,\"headSha256\":\"ab\"}}");

    CliRun run = evalops("decisions", "verify", "--as", "x", "--dev-tokens", tokens());

    assertEquals(1, run.exit());
    assertTrue(
        run.out()
            .contains(
                "Decision Log: BROKEN at seq 5 (4 entries before it verify): prev_sha256 does not"
                    + " match entry 4"),
        run.out());
    assertTrue(run.out().contains("Change Log: intact, 2 entries"), run.out());
  }

  @Test
  void givenALogWrittenBeforeSignedHeads_whenVerified_thenExit0WithTheNotice() {
    answer(
        "GET /api/decisions/verify",
        200,
        "{\"decisionLog\":{\"intact\":true,\"intactEntries\":3,\"headSha256\":\"cd\","
            + "\"notice\":\"no signed head yet: the tail is not anchored until the next append\"},"
            + "\"changeLog\":{\"intact\":true,\"intactEntries\":0,\"headSha256\":\"00\"}}");

    CliRun run = evalops("decisions", "verify", "--as", "x", "--dev-tokens", tokens());

    assertEquals(0, run.exit());
    assertTrue(
        run.out()
            .contains(
                "Decision Log: intact, 3 entries, head sha256 cd; no signed head yet: the tail is"
                    + " not anchored until the next append"),
        run.out());
  }

  @Test
  void givenAMitigation_whenProposed_thenListsSentAndTheRequestToVoteOnPrinted() {
    answer(
        "POST /api/incidents/billing/mitigation",
        200,
        "{\"requestId\":\"regression-billing/mitigation-1\",\"material\":true,"
            + "\"materialReasons\":[\"touches a customer-facing template\"],"
            + "\"approverRoles\":[\"LEADERSHIP\"],\"minApprovals\":2,"
            + "\"deadline\":\"2025-12-16T10:00:00Z\"}");

    CliRun run =
        evalops(
            "incident",
            "propose",
            "--scope",
            "billing",
            "--disable-template",
            "fee_v1",
            "--disable-template",
            "fee_v2",
            "--set-threshold",
            "fraud_report=0.9",
            "--comment",
            "wrong fees quoted",
            "--as",
            "x",
            "--dev-tokens",
            tokens());

    assertEquals(0, run.exit(), run.err());
    assertTrue(
        requests
            .get(0)
            .endsWith(
                "{\"operations\":[{\"op\":\"set_threshold\",\"target\":\"fraud_report\","
                    + "\"value\":0.9},{\"op\":\"disable_template\",\"target\":\"fee_v1\"},"
                    + "{\"op\":\"disable_template\",\"target\":\"fee_v2\"}],"
                    + "\"comment\":\"wrong fees quoted\"}"),
        requests.get(0));
    assertTrue(
        run.out()
            .contains(
                "approval request regression-billing/mitigation-1: 2 approval(s) from leadership"
                    + " by 2025-12-16T10:00:00Z"),
        run.out());
    assertTrue(
        run.out()
            .contains(
                "evalops approve regression-billing --request regression-billing/mitigation-1"),
        run.out());
  }

  @Test
  void givenTheScopeOfEveryTicket_whenProposed_thenTheVoteCommandNamesRegressionAll() {
    answer(
        "POST /api/incidents/*/mitigation",
        200,
        "{\"requestId\":\"mitigation-1\",\"material\":false,\"approverRoles\":[\"ONCALL\"],"
            + "\"minApprovals\":1,\"deadline\":\"2025-12-16T10:00:00Z\"}");

    CliRun run =
        evalops(
            "incident",
            "propose",
            "--scope",
            "*",
            "--set-threshold",
            "global=0.9",
            "--as",
            "x",
            "--dev-tokens",
            tokens());

    assertEquals(0, run.exit(), run.err());
    assertTrue(
        run.out().contains("evalops approve regression-all --request mitigation-1"), run.out());
  }

  @Test
  void givenDigestAndAcknowledgement_whenApproved_thenBothSentInTheVote() {
    answer(
        "POST /api/runs/regression-billing/votes",
        200,
        "{\"request\":{\"requestId\":\"mitigation-r2\"},\"outcome\":\"PENDING\"}");

    CliRun run =
        evalops(
            "approve",
            "regression-billing",
            "--request",
            "mitigation-r2",
            "--digest",
            "3f9a1c0b",
            "--acknowledge",
            "REVIEW",
            "--as",
            "x",
            "--dev-tokens",
            tokens());

    assertEquals(0, run.exit(), run.err());
    assertEquals(
        "POST /api/runs/regression-billing/votes {\"requestId\":\"mitigation-r2\","
            + "\"approve\":true,\"changeDigest\":\"3f9a1c0b\","
            + "\"acknowledge\":\"REVIEW\"}",
        requests.get(0));
    assertTrue(run.out().contains("the request is now pending"), run.out());
  }

  @Test
  void givenAPendingConfigChange_whenStatus_thenItsDiffDigestAndTheOptionsToBindAVote() {
    answer(
        "GET /api/runs/regression-billing",
        200,
        "{\"workflowId\":\"regression-billing\",\"kind\":\"incident\",\"status\":\"RUNNING\","
            + "\"state\":{\"step\":\"mitigation\"},"
            + "\"humanSteps\":{\"approvals\":{\"pending\":[{\"requestId\":\"mitigation-r2\","
            + "\"kind\":\"mitigation\",\"approvalsStillNeeded\":2,"
            + "\"waitingFor\":[\"LEADERSHIP\"],\"until\":\"2025-12-16T10:00:00Z\"}],"
            + "\"requests\":[{\"request\":{\"requestId\":\"mitigation-r2\",\"evidence\":{"
            + "\"change_digest\":\"3f9a1c0b\",\"config_version\":\"v7\","
            + "\"diff\":\"templates.fee_v1: enabled -> disabled; thresholds.billing: 0.7 -> 0.6\","
            + "\"release_gate\":\"EVALUATE\",\"candidate_verdict\":\"REVIEW\","
            + "\"candidate_run\":\"regression-billing-candidate-1\","
            + "\"acknowledge_verdict\":\"REVIEW\"}}}]}}}");

    CliRun run = evalops("status", "regression-billing", "--as", "x", "--dev-tokens", tokens());

    assertEquals(0, run.exit(), run.err());
    for (String shown :
        List.of(
            "  change 3f9a1c0b on config v7 (release gate EVALUATE, candidate verdict REVIEW in run"
                + " regression-billing-candidate-1)",
            "    templates.fee_v1: enabled -> disabled",
            "    thresholds.billing: 0.7 -> 0.6",
            "  vote on exactly this change with --digest 3f9a1c0b; approving needs --acknowledge"
                + " REVIEW")) {
      assertTrue(run.out().contains(shown), () -> shown + " missing from " + run.out());
    }
  }

  /** Every runbook's approvals come in one shape, the weekly review's included. */
  @Test
  void givenAWeeklyReviewPending_whenStatus_thenWhomItWaitsForAndTheRequestToVoteOn() {
    answer(
        "GET /api/runs/weekly-regression-2025-w51",
        200,
        "{\"workflowId\":\"weekly-regression-2025-w51\",\"kind\":\"weekly\","
            + "\"status\":\"RUNNING\",\"state\":{\"step\":\"review\","
            + "\"waitingUntil\":\"2025-12-19T17:00:00Z\"},"
            + "\"humanSteps\":{\"waitingFor\":\"the baseline review\",\"takesVotes\":true,"
            + "\"approvals\":{\"pending\":[{\"requestId\":\"weekly-2025-W51/baseline\","
            + "\"kind\":\"baseline-review\",\"approvalsStillNeeded\":1,"
            + "\"waitingFor\":[\"LABELER\",\"ONCALL\"],\"until\":\"2025-12-19T17:00:00Z\"}],"
            + "\"requests\":[]},\"takesLabels\":false}}");

    CliRun run =
        evalops("status", "weekly-regression-2025-w51", "--as", "x", "--dev-tokens", tokens());

    assertEquals(0, run.exit(), run.err());
    for (String shown :
        List.of(
            "waiting for:  the baseline review, until 2025-12-19T17:00:00Z",
            "  weekly-2025-W51/baseline baseline-review: needs 1 more approval(s) from ")) {
      assertTrue(run.out().contains(shown), () -> shown + " missing from " + run.out());
    }
  }

  @Test
  void givenAnEngineWithoutSchedules_whenApplied_thenExit3SayingSo() {
    CliRun run = evalops("schedules", "apply", "--as", "x", "--dev-tokens", tokens());

    assertEquals(3, run.exit());
    assertTrue(run.err().contains("cannot apply schedules"), run.err());
  }

  @Test
  void givenSchedulesApplied_thenOneLinePerCadence() {
    answer(
        "POST /api/schedules/apply",
        200,
        "{\"notice\":\"cron workflows: this server has no Schedules\",\"cadences\":["
            + "{\"cadence\":\"daily-qa\",\"id\":\"daily-qa-cron\",\"mode\":\"CRON\","
            + "\"action\":\"started\",\"when\":\"every day at 06:00 UTC\",\"cron\":\"0 6 * * *\"}]}");

    CliRun run = evalops("schedules", "apply", "--as", "x", "--dev-tokens", tokens());

    assertEquals(0, run.exit(), run.err());
    assertEquals(
        "cron workflows: this server has no Schedules\n"
            + "cadence=daily-qa  id=daily-qa-cron  mode=CRON  action=started  when=every day at"
            + " 06:00 UTC  cron=0 6 * * *\n",
        run.out());
  }

  @Test
  void givenJson_whenStatus_thenTheEnginesAnswerPrintedAsIs() {
    answer("GET /api/runs/regression-billing", 200, "{\"workflowId\":\"regression-billing\"}");

    CliRun run =
        evalops("status", "regression-billing", "--json", "--as", "x", "--dev-tokens", tokens());

    assertEquals("{\n  \"workflowId\" : \"regression-billing\"\n}\n", run.out());
  }

  private String tokens() {
    try {
      Path file = tmp.resolve("dev-tokens.properties");
      Files.writeString(file, "x=tok-x\n");
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
