package com.evalops.worker.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.harness.contract.TaxonomyFile;
import com.evalops.stores.config.RouterConfigStore;
import com.evalops.worker.EngineTestSupport;
import com.evalops.worker.SimulatedLabelers;
import com.evalops.worker.config.EvalopsProperties;
import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.ApprovalOutcome;
import com.evalops.workflows.approval.LabelingQuorum;
import com.evalops.workflows.approval.Refusal;
import com.evalops.workflows.approval.RequestState;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.approval.Vote;
import com.evalops.workflows.incident.AlarmNotice;
import com.evalops.workflows.incident.IncidentSettings;
import com.evalops.workflows.incident.IncidentStarter;
import com.evalops.workflows.incident.IncidentState;
import com.evalops.workflows.incident.RegressionIncidentWorkflow;
import com.evalops.workflows.incident.StartRegressionRequest;
import com.evalops.workflows.testing.Await;
import com.sun.net.httpserver.HttpServer;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Slack's interactivity endpoint over real HTTP on the whole engine (embedded Temporal, real
 * workflows and activities on the demo data). A local HTTP server stands in for Slack's {@code
 * response_url} and keeps each ephemeral reply; the signing secret and the Slack user mapping are
 * the test's.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "evalops.temporal.embedded-port=-1",
      "evalops.slack.signing-secret=" + SlackInteractionsTest.SECRET,
      "evalops.slack.users.U0LEAD1.identity=lead-1",
      "evalops.slack.users.U0LEAD1.roles=leadership",
      "evalops.slack.users.U0LEAD2.identity=lead-2",
      "evalops.slack.users.U0LEAD2.roles=leadership",
      "evalops.slack.users.U0ANA.identity=oncall-ana",
      "evalops.slack.users.U0ANA.roles=oncall",
      "evalops.slack.users.U0BEN.identity=oncall-ben",
      "evalops.slack.users.U0BEN.roles=oncall",
      "evalops.slack.users.U0LI.identity=labeler-li",
      "evalops.slack.users.U0LI.roles=labeler"
    })
class SlackInteractionsTest {
  private static final AtomicInteger PROPOSALS = new AtomicInteger();

  static final String SECRET = "test-signing-secret-8f742231b10e";
  static final Path DATA = EngineTestSupport.newDataDir();
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final Duration WAIT = Duration.ofSeconds(90);
  static final AtomicInteger CLICKS = new AtomicInteger();

  /** Stands in for Slack's response_url: every ephemeral reply, by the path it was posted to. */
  static HttpServer responseUrls;

  static final Map<String, BlockingQueue<JsonNode>> REPLIES = new ConcurrentHashMap<>();

  /** An incident with a pending mitigation request that no test may change. */
  static String untouched;

  @DynamicPropertySource
  static void data(DynamicPropertyRegistry registry) {
    registry.add("evalops.data-dir", DATA::toString);
    registry.add("evalops.dataset-root", () -> EngineTestSupport.demoDataset().toString());
  }

  @BeforeAll
  static void startResponseUrls() throws IOException {
    responseUrls = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    responseUrls.createContext(
        "/reply/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          REPLIES
              .computeIfAbsent(exchange.getRequestURI().getPath(), k -> new LinkedBlockingQueue<>())
              .add(JSON.readTree(new String(body, StandardCharsets.UTF_8)));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    responseUrls.start();
  }

  @AfterAll
  static void stopResponseUrls() {
    responseUrls.stop(0);
  }

  @LocalServerPort int port;
  @Autowired WorkflowClient client;
  @Autowired EvalopsProperties props;
  @Autowired RouterConfigStore configs;

  // --- signature: every refusal answers 401 and changes nothing ----------------------------------

  @Test
  void givenWrongSignature_whenPosted_then401AndNothingChanges() throws Exception {
    Click click = new Click("U0LEAD1", true, untouched(), "mitigation");
    byte[] body = click.body();
    String ts = now();
    String wrong = new SlackSignature("not-the-secret", Clock.systemUTC()).expected(ts, body);
    assertRefused(click, post(body, ts, wrong), "does not match");
  }

  @Test
  void givenBodyAlteredAfterSigning_whenPosted_then401AndNothingChanges() throws Exception {
    Click click = new Click("U0LEAD1", true, untouched(), "mitigation");
    String ts = now();
    String signed = sign(ts, click.body());
    byte[] altered =
        new Click("U0LEAD1", true, untouched(), "mitigation-2", click.tag, click.actionTs).body();
    assertRefused(click, post(altered, ts, signed), "does not match");
  }

  @Test
  void givenStaleOrFutureTimestamp_whenPosted_then401AndNothingChanges() throws Exception {
    for (long offset : new long[] {-301, -3600, 301, 3600}) {
      Click click = new Click("U0LEAD1", true, untouched(), "mitigation");
      String ts = Long.toString(Instant.now().getEpochSecond() + offset);
      assertRefused(click, post(click.body(), ts, sign(ts, click.body())), "5 minutes");
    }
  }

  @Test
  void givenNoSignatureHeaders_whenPosted_then401() throws Exception {
    Click click = new Click("U0LEAD1", true, untouched(), "mitigation");
    assertRefused(click, post(click.body(), null, null), "missing");
  }

  @Test
  void givenAcceptedRequest_whenReplayed_then401AndItCountsOnce() throws Exception {
    Incident incident = openIncident("slack-replay", Duration.ofHours(1));
    Click click = new Click("U0LEAD1", true, incident.workflowId, incident.requestId);
    String ts = now();
    String signed = sign(ts, click.body());
    assertEquals(200, post(click.body(), ts, signed).statusCode());
    assertTrue(click.reply().contains("recorded as lead-1"), click.reply());

    HttpResponse<String> replay = post(click.body(), ts, signed);
    assertEquals(401, replay.statusCode());
    assertTrue(replay.body().contains("replay"), replay.body());
    // An absence has no moment to wait for: one window as long as the old pause and poll together.
    assertNull(click.nextReply(Duration.ofSeconds(1)), "the replay got no reply");
    assertEquals(1, request(incident).votes().size());
    assertTrue(stateOf(incident).approvals().refusals().isEmpty());
  }

  // --- signed clicks: the vote reaches the workflow, which decides
  // --------------------------------

  @Test
  void givenValidSignature_whenALeaderApproves_then200AtOnceAndTheVoteIsRecorded()
      throws Exception {
    Incident incident = openIncident("slack-valid", Duration.ofHours(1));
    Click click = new Click("U0LEAD1", true, incident.workflowId, incident.requestId);
    long started = System.nanoTime();
    HttpResponse<String> response = signedPost(click);
    Duration answered = Duration.ofNanos(System.nanoTime() - started);
    assertEquals(200, response.statusCode(), response.body());
    assertTrue(answered.compareTo(Duration.ofSeconds(3)) < 0, "answered in " + answered);

    assertEquals(
        "Your approval of request mitigation-1 (mitigation) is recorded as lead-1: 1 of 2"
            + " approvals, still pending.",
        click.reply());
    assertEquals("ephemeral", click.lastReply.path("response_type").asString());
    assertEquals(false, click.lastReply.path("replace_original").asBoolean());
    RequestState request = request(incident);
    assertEquals(ApprovalOutcome.PENDING, request.outcome());
    Vote vote = request.votes().get(0);
    assertEquals(new Actor("lead-1", Set.of(Role.LEADERSHIP), "slack"), vote.actor());
    assertTrue(vote.approve());
  }

  @Test
  void givenPayloadWithCharactersUrlEncodingChanges_whenSigned_thenAcceptedAndCounted()
      throws Exception {
    Incident incident = openIncident("slack-encoding", Duration.ofHours(1));
    Click click =
        new Click("U0LEAD2", false, incident.workflowId, incident.requestId)
            .text("Reject *fee_schedule_v1*? 5% + 100%25 — café ✓ 日本 a+b=c&d");
    String form = new String(click.body(), StandardCharsets.US_ASCII);
    assertTrue(form.contains("%2a") && form.contains("%20") && form.contains("%25"), form);
    assertEquals(200, signedPost(click).statusCode());
    assertTrue(click.reply().contains("is now rejected"), click.lastReply.toString());
    RequestState request = request(incident);
    assertEquals(ApprovalOutcome.REJECTED, request.outcome());
    assertEquals("lead-2", request.votes().get(0).actor().id());
  }

  @Test
  void givenNonApprovers_whenTheyClick_thenEphemeralReasonAndRefusalInHistory() throws Exception {
    Incident incident = untouchedIncident();
    int before = stateOf(incident).approvals().refusals().size();

    Click labeler = new Click("U0LI", true, incident.workflowId, incident.requestId);
    assertEquals(200, signedPost(labeler).statusCode());
    // Labelers may vote (Support Ops accepts a weekly baseline); this request's policy says whose
    // votes count, and it refuses theirs with its reason.
    assertTrue(
        labeler.reply().startsWith("Not counted: actor labeler-li has roles [LABELER]"),
        labeler.reply());
    assertTrue(labeler.reply().contains("needs LEADERSHIP"), labeler.reply());

    Click oncall = new Click("U0BEN", true, incident.workflowId, incident.requestId);
    assertEquals(200, signedPost(oncall).statusCode());
    assertTrue(oncall.reply().startsWith("Not counted: actor oncall-ben has roles [ONCALL]"));
    assertTrue(oncall.reply().contains("needs LEADERSHIP"), oncall.reply());

    Click stranger = new Click("U0NOBODY", true, incident.workflowId, incident.requestId);
    assertEquals(200, signedPost(stranger).statusCode());
    assertTrue(
        stranger.reply().contains("your Slack account is not linked to an EvalOps identity"),
        stranger.reply());
    assertTrue(refusalLog().contains("U0NOBODY"), refusalLog());

    IncidentState state =
        await(incident, s -> s.approvals().refusals().size() >= before + 2, "two refusals");
    List<String> by =
        state.approvals().refusals().subList(before, state.approvals().refusals().size()).stream()
            .map(r -> r.actor().id() + "/" + r.actor().channel())
            .toList();
    assertEquals(List.of("labeler-li/slack", "oncall-ben/slack"), by);
    assertTrue(request(incident).votes().isEmpty());
    assertTrue(refusalLog().contains("\"identity\":\"oncall-ben\",\"channel\":\"slack\""));
  }

  @Test
  void givenTheProposer_whenApprovingTheirOwnChange_thenRefusedWithTheReason() throws Exception {
    Incident incident = untouchedIncident();
    Click click = new Click("U0ANA", true, incident.workflowId, incident.requestId);
    assertEquals(200, signedPost(click).statusCode());
    assertEquals("Not counted: the proposer cannot approve their own change", click.reply());
    IncidentState state =
        await(
            incident,
            s ->
                refusalsOf(s, "oncall-ana").stream().anyMatch(r -> r.reason().contains("proposer")),
            "the proposer's refusal");
    assertEquals("slack", refusalsOf(state, "oncall-ana").get(0).actor().channel());
    assertTrue(request(incident).votes().isEmpty());
  }

  @Test
  void givenALeaderWhoVoted_whenClickingAgain_thenRefusedAndCountedOnce() throws Exception {
    Incident incident = openIncident("slack-double", Duration.ofHours(1));
    Click first = new Click("U0LEAD1", true, incident.workflowId, incident.requestId);
    assertEquals(200, signedPost(first).statusCode());
    assertTrue(first.reply().contains("1 of 2 approvals"), first.reply());

    Click second = new Click("U0LEAD1", true, incident.workflowId, incident.requestId);
    assertEquals(200, signedPost(second).statusCode());
    assertTrue(
        second.reply().startsWith("Not counted: actor lead-1 already voted on approval request"),
        second.reply());
    IncidentState state =
        await(incident, s -> !refusalsOf(s, "lead-1").isEmpty(), "the second click's refusal");
    assertTrue(refusalsOf(state, "lead-1").get(0).reason().contains("already voted"));
    assertEquals(1, request(incident).votes().size());
    assertEquals(ApprovalOutcome.PENDING, request(incident).outcome());
  }

  @Test
  void givenTheDeadlinePassed_whenALeaderClicks_thenRefusedAsNoLongerPending() throws Exception {
    Incident incident = openIncident("slack-late", Duration.ofSeconds(4));
    await(
        incident,
        s -> s.approvals().pending().isEmpty() && mitigated(s),
        "the mitigation request to expire");
    Click click = new Click("U0LEAD1", true, incident.workflowId, incident.requestId);
    assertEquals(200, signedPost(click).statusCode());
    assertTrue(
        click
            .reply()
            .startsWith(
                "Not counted: approval request mitigation-1 is no longer pending:" + " EXPIRED"),
        click.reply());
    IncidentState state =
        await(incident, s -> !refusalsOf(s, "lead-1").isEmpty(), "the late click's refusal");
    assertTrue(refusalsOf(state, "lead-1").get(0).reason().contains("EXPIRED"));
    assertEquals(ApprovalOutcome.EXPIRED, request(incident).outcome());
    assertTrue(request(incident).votes().isEmpty());
  }

  @Test
  void givenSocketModeEnvelope_whenHandled_thenTheSameVoteDelivery(@Autowired SlackVotes votes)
      throws Exception {
    Incident incident = openIncident("slack-socket", Duration.ofHours(1));
    Click click = new Click("U0LEAD2", true, incident.workflowId, incident.requestId);
    String envelope =
        "{\"envelope_id\":\"env-1\",\"type\":\"interactive\",\"payload\":" + click.payload() + "}";
    assertEquals(
        "{\"envelope_id\":\"env-1\"}",
        new SocketModeInteractions(votes::submit).onMessage(envelope).orElseThrow());
    assertTrue(click.reply().contains("recorded as lead-2"), click.reply());
    assertEquals("slack", request(incident).votes().get(0).actor().channel());
  }

  // --- end to end -------------------------------------------------------------------------------

  @Test
  void givenAnAlarm_whenLabeledProposedAndApprovedInSlack_thenTheMitigationIsApplied()
      throws Exception {
    String scope = "slack-e2e";
    String id = WorkflowIds.regression(scope);
    HttpResponse<String> opened =
        api(
            "oncall-ana",
            "POST",
            "/api/alarms",
            "{\"scope\":\"" + scope + "\",\"alarm\":\"quality-drop\",\"harm\":true}");
    assertEquals(202, opened.statusCode(), opened.body());
    Incident incident = new Incident(id, null);
    await(incident, s -> "labeling".equals(s.step()), "labeling");

    JsonNode queue =
        JSON.readTree(api("labeler-li", "GET", "/api/runs/" + id + "/labeling", null).body());
    SimulatedLabelers labelers = new SimulatedLabelers(EngineTestSupport.demoDataset());
    for (JsonNode ticket : queue.path("tickets")) {
      HttpResponse<String> labeled =
          api(
              "labeler-li",
              "POST",
              "/api/runs/" + id + "/labels",
              labelers.label(ticket.path("ticket_id").asString()));
      if (labeled.statusCode() == 409) {
        break; // the queue closed at quorum
      }
      assertEquals(200, labeled.statusCode(), labeled.body());
    }
    await(incident, s -> "mitigation_proposal".equals(s.step()), "mitigation_proposal");
    String requestId = propose(scope);
    incident = new Incident(id, requestId);
    String before = currentConfigVersion();

    Click lead1 = new Click("U0LEAD1", true, id, requestId);
    assertEquals(200, signedPost(lead1).statusCode());
    assertTrue(lead1.reply().contains("1 of 2 approvals"), lead1.reply());
    Click lead2 = new Click("U0LEAD2", true, id, requestId);
    assertEquals(200, signedPost(lead2).statusCode());
    assertTrue(lead2.reply().contains("the request is now approved"), lead2.reply());

    IncidentState applied = await(incident, SlackInteractionsTest::mitigated, "applied");
    assertTrue(
        applied.history().stream()
            .anyMatch(h -> h.startsWith("applied: set_threshold(fraud_report")),
        applied.history().toString());
    String after = currentConfigVersion();
    assertNotEquals(before, after);
    assertEquals(applied.configVersion(), after);
    assertEquals(
        List.of("lead-1/slack", "lead-2/slack"),
        request(incident).votes().stream()
            .map(v -> v.actor().id() + "/" + v.actor().channel())
            .toList());

    Click late = new Click("U0LEAD1", true, id, requestId);
    assertEquals(200, signedPost(late).statusCode());
    assertTrue(late.reply().contains("is no longer pending: APPROVED"), late.reply());
  }

  // --- helpers ----------------------------------------------------------------------------------

  record Incident(String workflowId, String requestId) {}

  /** One click: its payload, and the response_url path its ephemeral replies come back to. */
  final class Click {
    final String slackUser;
    final boolean approve;
    final String workflowId;
    final String requestId;
    final String tag;
    final String actionTs;
    String text = "Approve mitigation for incident";
    JsonNode lastReply;

    Click(String slackUser, boolean approve, String workflowId, String requestId) {
      this(
          slackUser,
          approve,
          workflowId,
          requestId,
          "/reply/" + CLICKS.incrementAndGet(),
          Instant.now().getEpochSecond() + "." + String.format("%06d", CLICKS.get()));
    }

    Click(
        String slackUser,
        boolean approve,
        String workflowId,
        String requestId,
        String tag,
        String actionTs) {
      this.slackUser = slackUser;
      this.approve = approve;
      this.workflowId = workflowId;
      this.requestId = requestId;
      this.tag = tag;
      this.actionTs = actionTs;
    }

    Click text(String messageText) {
      this.text = messageText;
      return this;
    }

    String payload() {
      return SlackPayloads.click(
          slackUser,
          approve ? SlackClick.APPROVE : SlackClick.REJECT,
          workflowId,
          requestId,
          "http://127.0.0.1:" + responseUrls.getAddress().getPort() + tag,
          actionTs,
          text);
    }

    byte[] body() {
      return SlackPayloads.form(payload()).getBytes(StandardCharsets.US_ASCII);
    }

    /** The ephemeral reply's text, waited for once; fails when none comes. */
    String reply() throws InterruptedException {
      if (lastReply != null) {
        return lastReply.path("text").asString();
      }
      JsonNode reply = nextReply(WAIT);
      if (reply == null) {
        throw new AssertionError("no ephemeral reply at " + tag + " within " + WAIT);
      }
      lastReply = reply;
      return reply.path("text").asString();
    }

    JsonNode nextReply(Duration wait) throws InterruptedException {
      return REPLIES
          .computeIfAbsent(tag, k -> new LinkedBlockingQueue<>())
          .poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void assertRefused(Click click, HttpResponse<String> response, String reason)
      throws Exception {
    assertEquals(401, response.statusCode(), response.body());
    assertTrue(response.body().contains(reason), response.body());
    Incident incident = untouchedIncident();
    int refusals = stateOf(incident).approvals().refusals().size();
    assertNull(click.nextReply(Duration.ofMillis(700)), "a refused request gets no reply");
    assertTrue(request(incident).votes().isEmpty());
    assertEquals(refusals, stateOf(incident).approvals().refusals().size());
    assertTrue(refusalLog().contains("\"status\":401"), refusalLog());
  }

  private String untouched() throws Exception {
    return untouchedIncident().workflowId;
  }

  private synchronized Incident untouchedIncident() throws Exception {
    if (untouched == null) {
      untouched = openIncident("slack-untouched", Duration.ofHours(1)).requestId;
    }
    return new Incident(WorkflowIds.regression("slack-untouched"), untouched);
  }

  /**
   * An incident at its mitigation approval: started with a 2-second labeling deadline (nobody
   * labels, so only the golden set is evaluated), then oncall-ana proposes a material mitigation
   * through the API.
   */
  private Incident openIncident(String scope, Duration approvalDeadline) throws Exception {
    IncidentSettings settings =
        new IncidentSettings(
            Duration.ofSeconds(2),
            Duration.ofHours(1),
            new LabelingQuorum(60, 0),
            Duration.ofSeconds(1),
            Duration.ofHours(1),
            approvalDeadline,
            Duration.ofHours(1),
            2,
            2,
            2,
            Duration.ofHours(24));
    StartRegressionRequest request =
        new StartRegressionRequest(
            scope,
            "quality-drop",
            true,
            new Actor("oncall-ana", Set.of(Role.ONCALL), "api"),
            10,
            7,
            props.goldenVersion(),
            configs.current().configVersion(),
            TaxonomyFile.load(props.datasetRoot().resolve("taxonomy.json"))
                .leadershipApprovalIntents(),
            settings);
    IncidentStarter.startOrJoin(
        client, props.taskQueue(), request, new AlarmNotice(scope, "quality-drop", "test", ""));
    Incident incident = new Incident(WorkflowIds.regression(scope), null);
    await(incident, s -> "mitigation_proposal".equals(s.step()), "mitigation_proposal");
    return new Incident(incident.workflowId, propose(scope));
  }

  /**
   * A material change (a leadership intent's threshold), a little higher for each incident: the
   * incidents of this class share one config in force, where each applied change stays.
   */
  private String propose(String scope) throws Exception {
    double threshold = (900 + 5 * PROPOSALS.incrementAndGet()) / 1000.0;
    HttpResponse<String> receipt =
        api(
            "oncall-ana",
            "POST",
            "/api/incidents/" + scope + "/mitigation",
            "{\"operations\":[{\"op\":\"set_threshold\",\"target\":\"fraud_report\","
                + "\"value\":"
                + threshold
                + "}],\"comment\":\"fraud reports misrouted\"}");
    assertEquals(200, receipt.statusCode(), receipt.body());
    JsonNode body = JSON.readTree(receipt.body());
    assertTrue(body.path("material").asBoolean(), receipt.body());
    return body.path("requestId").asString();
  }

  private String currentConfigVersion() throws Exception {
    HttpResponse<String> current = api("auditor-au", "GET", "/api/router-config/current", null);
    assertEquals(200, current.statusCode(), current.body());
    return JSON.readTree(current.body()).path("config_version").asString();
  }

  private IncidentState stateOf(Incident incident) {
    return client.newWorkflowStub(RegressionIncidentWorkflow.class, incident.workflowId).state();
  }

  private RequestState request(Incident incident) {
    return stateOf(incident).approvals().requests().stream()
        .filter(r -> r.request().requestId().equals(incident.requestId))
        .findFirst()
        .orElseThrow();
  }

  private static List<Refusal> refusalsOf(IncidentState state, String actorId) {
    return state.approvals().refusals().stream()
        .filter(r -> r.actor() != null && r.actor().id().equals(actorId))
        .toList();
  }

  private IncidentState await(Incident incident, Predicate<IncidentState> done, String what) {
    return Await.until(
        incident.workflowId + " reaching " + what, WAIT, () -> stateOf(incident), done);
  }

  private static String now() {
    return Long.toString(Instant.now().getEpochSecond());
  }

  private static String sign(String ts, byte[] body) {
    return new SlackSignature(SECRET, Clock.systemUTC()).expected(ts, body);
  }

  private HttpResponse<String> signedPost(Click click) throws Exception {
    String ts = now();
    byte[] body = click.body();
    return post(body, ts, sign(ts, body));
  }

  private HttpResponse<String> post(byte[] body, String ts, String signature) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/slack/interactions"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (ts != null) {
      request.header("X-Slack-Request-Timestamp", ts);
    }
    if (signature != null) {
      request.header("X-Slack-Signature", signature);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> api(String identity, String method, String path, String json)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Authorization", "Bearer " + EngineTestSupport.token(DATA, identity));
    if (json == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String refusalLog() throws IOException {
    Path file = DATA.resolve("refusals.jsonl");
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }

  /** After the mitigation: gathering exit evidence (recheck) or waiting for the exit request. */
  private static boolean mitigated(IncidentState s) {
    return "recheck".equals(s.step()) || "safe_mode_exit".equals(s.step());
  }
}
