package com.evalops.activities.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.harness.sanitize.PiiSanitizer;
import com.evalops.workflows.RunbookActivityOptions;
import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.ApprovalOutcome;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.approval.Vote;
import com.evalops.workflows.notify.ApprovalNotice;
import com.evalops.workflows.notify.Notification;
import com.evalops.workflows.notify.NotifierActivities;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.model.Message;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Slack notifier against a local Slack Web API, through Temporal's activity test runner. */
class SlackNotifierActivitiesTest {
  private static final String WORKFLOW = "regression-billing";
  private static final String INCIDENT = "regression-billing-0a1b2c3d";
  private static final String REQUEST = "mitigation-1";
  private static final Instant OPENED = Instant.parse("2025-12-15T10:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private SlackApiServer slack;
  private TestActivityEnvironment env;
  private NotifierActivities notifier;

  @BeforeEach
  void setUp() throws Exception {
    slack = new SlackApiServer();
    env = TestActivityEnvironment.newInstance();
    notifier = notifierWith(env, dir.resolve("slack"));
  }

  @AfterEach
  void tearDown() {
    env.close();
    slack.close();
  }

  private NotifierActivities notifierWith(TestActivityEnvironment env, Path storeDir) {
    env.registerActivitiesImplementations(
        new SlackNotifierActivities(
            slack.methods(),
            SlackApiServer.CHANNEL,
            new SlackMessages(new PiiSanitizer(), "http://temporal-ui:8233", "default"),
            new SlackMessageStore(storeDir)));
    return env.newActivityStub(NotifierActivities.class, RunbookActivityOptions.NOTIFY);
  }

  @Test
  void givenApprovalRequest_whenNotified_thenOneMessageWithEvidenceAndVoteButtons()
      throws Exception {
    notifier.notify(notice("approval_requested", approval(List.of(), ApprovalOutcome.PENDING)));

    assertEquals(1, slack.messages().size());
    SlackApiServer.Posted message = slack.messages().get(0);
    assertEquals("evalops_approval", message.metadata.get("event_type"));
    assertEquals(
        Map.of("workflowId", WORKFLOW, "runId", INCIDENT, "requestId", REQUEST),
        message.metadata.get("event_payload"));
    String blocks = message.blocks;
    for (String shown :
        List.of(
            "STOP",
            "91.2%",
            "0.874 (-0.031 vs baseline weekly-2025-w50)",
            "Tier 0 false negatives*\\n2",
            "Tier 2 violations*\\n3",
            "/eval_runs/run-7",
            "http://temporal-ui:8233/namespaces/default/workflows/regression-billing",
            "leadership",
            "2 approvals needed",
            "!date^" + OPENED.plus(Duration.ofHours(24)).getEpochSecond())) {
      assertTrue(blocks.contains(shown), () -> shown + " missing from " + blocks);
    }
    JsonNode actions = voteBlock(blocks);
    assertEquals("evalops_approve", actions.get("elements").get(0).get("action_id").asText());
    assertEquals("evalops_reject", actions.get("elements").get(1).get("action_id").asText());
    assertEquals(
        "{\"workflowId\":\"regression-billing\",\"requestId\":\"mitigation-1\"}",
        actions.get("elements").get(0).get("value").asText());
  }

  @Test
  void givenAnswerLostAfterPosting_whenActivityRetries_thenPostedOnceAndUpdated() {
    slack.loseNextAnswer("chat.postMessage", 500);
    Notification requested =
        notice("approval_requested", approval(List.of(), ApprovalOutcome.PENDING));
    assertThrows(ActivityFailure.class, () -> notifier.notify(requested), "a retryable failure");

    notifier.notify(requested); // the retry

    assertEquals(1, slack.messages().size(), "one message despite the retry");
    // Each attempt looked before posting; the retry found the message by its metadata.
    assertEquals(2, slack.calls("conversations.history").size());
    assertEquals(1, slack.calls("chat.update").size());
    // Later notices find it in the local record, without reading the history again.
    notifier.notify(
        notice("approval_updated", approval(List.of(vote("lead-1")), ApprovalOutcome.PENDING)));
    assertEquals(1, slack.messages().size());
    assertEquals(2, slack.calls("conversations.history").size());
  }

  @Test
  void givenLocalRecordLost_whenPostedAgain_thenFoundInHistoryNotPostedTwice() {
    notifier.notify(notice("approval_requested", approval(List.of(), ApprovalOutcome.PENDING)));
    TestActivityEnvironment other = TestActivityEnvironment.newInstance();
    try {
      NotifierActivities restarted = notifierWith(other, dir.resolve("empty-store"));

      restarted.notify(notice("approval_requested", approval(List.of(), ApprovalOutcome.PENDING)));
    } finally {
      other.close();
    }

    assertEquals(1, slack.calls("chat.postMessage").size());
    assertEquals(1, slack.messages().size());
  }

  @Test
  void givenLaterIncidentOfTheScope_whenItAsksTheSameRequestId_thenItGetsAMessageOfItsOwn()
      throws Exception {
    String later = "regression-billing-9f8e7d6c";
    notifier.notify(notice("approval_requested", approval(List.of(), ApprovalOutcome.PENDING)));
    notifier.notify(
        notice("decision", approval(List.of(vote("lead-1")), ApprovalOutcome.APPROVED)));

    notifier.notify(
        notice(later, "approval_requested", approval(List.of(), ApprovalOutcome.PENDING)));
    TestActivityEnvironment other = TestActivityEnvironment.newInstance();
    try {
      // A worker without the local record reads the history: the first message is not this one.
      notifierWith(other, dir.resolve("empty-store"))
          .notify(
              notice(
                  later,
                  "approval_updated",
                  approval(List.of(vote("lead-2")), ApprovalOutcome.PENDING)));
    } finally {
      other.close();
    }

    List<SlackApiServer.Posted> messages = slack.messages();
    assertEquals(2, messages.size(), "one message per incident");
    assertEquals(INCIDENT, payload(messages.get(0)).get("runId"));
    assertEquals(later, payload(messages.get(1)).get("runId"));
    assertTrue(messages.get(0).blocks.contains("*Approved*"), "the first incident's outcome stays");
    assertTrue(messages.get(1).blocks.contains("approved by lead-2"));
    assertFalse(messages.get(1).blocks.contains("lead-1"));
    // Clicks still go to the workflow id, which finds the open incident of the scope.
    assertEquals(
        "{\"workflowId\":\"regression-billing\",\"requestId\":\"mitigation-1\"}",
        voteBlock(messages.get(1).blocks).get("elements").get(0).get("value").asText());
  }

  @Test
  void givenMessagePostedBeforeRunIds_whenItsRequestIsNotified_thenUpdatedNotPostedAgain()
      throws Exception {
    // Posted by an earlier version: keyed and marked by workflow id and request id only.
    SlackMessageStore.Posted old = postWithoutRunId();
    Instant opened = postedAt(old);
    new SlackMessageStore(dir.resolve("slack"))
        .remember(
            new SlackMessageStore.Posted(
                "approval/" + WORKFLOW + "/" + REQUEST, old.channel(), old.ts()));

    notifier.notify(
        notice(
            "approval_updated",
            approval(opened, List.of(vote("lead-1")), ApprovalOutcome.PENDING)));

    assertEquals(1, slack.messages().size());
    assertTrue(slack.messages().get(0).blocks.contains("approved by lead-1"));
  }

  @Test
  void givenEarlierIncidentsMessageWithoutRunId_whenTheRequestIdIsAskedAgain_thenANewMessage()
      throws Exception {
    SlackMessageStore.Posted old = postWithoutRunId();
    new SlackMessageStore(dir.resolve("slack"))
        .remember(
            new SlackMessageStore.Posted(
                "approval/" + WORKFLOW + "/" + REQUEST, old.channel(), old.ts()));
    // The later incident asks a day after the earlier one's message.
    Instant opened = postedAt(old).plus(Duration.ofDays(1));

    notifier.notify(
        notice("approval_requested", approval(opened, List.of(), ApprovalOutcome.PENDING)));

    assertEquals(2, slack.messages().size());
    assertEquals(
        Map.of("workflowId", WORKFLOW, "requestId", REQUEST),
        slack.messages().get(0).metadata.get("event_payload"),
        "the earlier message is left as it was");
  }

  @Test
  void givenVotes_whenNotified_thenMessageShowsVotersAndFinallyTheOutcomeWithoutButtons() {
    notifier.notify(notice("approval_requested", approval(List.of(), ApprovalOutcome.PENDING)));
    notifier.notify(
        notice("approval_updated", approval(List.of(vote("lead-1")), ApprovalOutcome.PENDING)));
    String afterFirst = slack.messages().get(0).blocks;
    assertTrue(afterFirst.contains("approved by lead-1 via slack"));
    assertTrue(afterFirst.contains("evalops_vote"));

    notifier.notify(
        notice(
            "decision",
            approval(List.of(vote("lead-1"), vote("lead-2")), ApprovalOutcome.APPROVED)));

    assertEquals(1, slack.messages().size());
    String last = slack.messages().get(0).blocks;
    assertTrue(last.contains("approved by lead-1") && last.contains("approved by lead-2"));
    assertTrue(last.contains("*Approved*"));
    assertFalse(last.contains("evalops_vote"), "no buttons once decided");
    assertEquals(2, slack.calls("chat.update").size());
    assertEquals(1, slack.replies(slack.messages().get(0).ts).size(), "the decision in the thread");
  }

  @Test
  void givenReminderAndEscalation_whenNotified_thenThreadRepliesUnderTheRequest() {
    notifier.notify(notice("approval_requested", approval(List.of(), ApprovalOutcome.PENDING)));
    notifier.notify(notice("reminder", approval(List.of(), ApprovalOutcome.PENDING)));
    notifier.notify(notice("escalation", approval(List.of(), ApprovalOutcome.PENDING)));

    assertEquals(1, slack.messages().size());
    List<SlackApiServer.Posted> replies = slack.replies(slack.messages().get(0).ts);
    assertEquals(2, replies.size());
    assertTrue(replies.get(0).text.contains("reminder"));
    assertTrue(replies.get(1).text.contains("escalation"));
  }

  @Test
  void givenEmailInComment_whenPosted_thenMasked() {
    Vote withEmail =
        new Vote(
            REQUEST,
            new Actor("lead-1", Set.of(Role.LEADERSHIP), "slack"),
            true,
            "ok, customer jane.doe@example.com confirmed",
            OPENED.plusSeconds(60),
            "k1");
    notifier.notify(
        notice("approval_updated", approval(List.of(withEmail), ApprovalOutcome.PENDING)));
    notifier.notify(
        new Notification(
            "verdict", "run-7", "oncall", "run-7: STOP", "call +44 20 7946 0958 about it"));

    String blocks = slack.messages().get(0).blocks;
    assertFalse(blocks.contains("jane.doe@example.com"));
    assertTrue(blocks.contains("[EMAIL]"));
    String plain = slack.messages().get(1).text;
    assertFalse(plain.contains("7946"));
    assertTrue(plain.contains("[PHONE]"));
  }

  @Test
  void givenRateLimited_whenNotified_thenRetryWaitsForRetryAfter() {
    slack.failNext("chat.postMessage", 429, 7);
    Notification verdict = new Notification("verdict", "run-7", "oncall", "run-7: PASS", "");

    ActivityFailure failure = assertThrows(ActivityFailure.class, () -> notifier.notify(verdict));

    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    assertEquals("SlackRateLimited", cause.getType());
    assertFalse(cause.isNonRetryable());
    assertEquals(Duration.ofSeconds(7), cause.getNextRetryDelay());
    assertTrue(slack.messages().isEmpty());
    notifier.notify(verdict); // the retry Temporal schedules after 7 s
    assertEquals(1, slack.messages().size());
  }

  @Test
  void givenSlackRefuses_whenNotified_thenNoticeDroppedWithoutFailingTheRunbook() {
    slack.refuseNext("chat.postMessage", "channel_not_found");

    notifier.notify(new Notification("verdict", "run-7", "oncall", "run-7: PASS", ""));

    assertTrue(slack.messages().isEmpty());
    assertEquals(
        1, slack.calls().stream().filter(c -> c.method().equals("chat.postMessage")).count());
  }

  private static JsonNode voteBlock(String blocks) throws Exception {
    for (JsonNode block : JSON.readTree(blocks)) {
      if ("evalops_vote".equals(block.path("block_id").asText())) {
        return block;
      }
    }
    throw new AssertionError("no vote block in " + blocks);
  }

  private static Notification notice(String kind, ApprovalNotice approval) {
    return notice(INCIDENT, kind, approval);
  }

  private static Notification notice(String runId, String kind, ApprovalNotice approval) {
    return new Notification(
        kind, runId, "leadership", kind + " for " + REQUEST, "2 approval(s) needed", approval);
  }

  private static Instant postedAt(SlackMessageStore.Posted posted) {
    return Instant.ofEpochSecond(
        Long.parseLong(posted.ts().substring(0, posted.ts().indexOf('.'))));
  }

  private static Map<?, ?> payload(SlackApiServer.Posted message) {
    return (Map<?, ?>) message.metadata.get("event_payload");
  }

  /** An approval message as an earlier version posted it, without the run in its metadata. */
  private SlackMessageStore.Posted postWithoutRunId() throws Exception {
    var response =
        slack
            .methods()
            .chatPostMessage(
                r ->
                    r.channel(SlackApiServer.CHANNEL)
                        .text("approval requested")
                        .metadata(
                            Message.Metadata.builder()
                                .eventType(SlackMessages.APPROVAL_EVENT)
                                .eventPayload(Map.of("workflowId", WORKFLOW, "requestId", REQUEST))
                                .build()));
    return new SlackMessageStore.Posted(null, response.getChannel(), response.getTs());
  }

  private static Vote vote(String leader) {
    return new Vote(
        REQUEST,
        new Actor(leader, Set.of(Role.LEADERSHIP), "slack"),
        true,
        "",
        OPENED.plusSeconds(600),
        leader + "-key");
  }

  private static ApprovalNotice approval(List<Vote> votes, ApprovalOutcome outcome) {
    return approval(OPENED, votes, outcome);
  }

  private static ApprovalNotice approval(
      Instant opened, List<Vote> votes, ApprovalOutcome outcome) {
    return new ApprovalNotice(
        WORKFLOW,
        REQUEST,
        "mitigation",
        "disable_templates: refund_auto_v2",
        "oncall-1",
        Set.of(Role.LEADERSHIP),
        2,
        Set.of(),
        opened,
        opened.plus(Duration.ofHours(24)),
        new ApprovalNotice.Evidence(
            "STOP", 0.912, 0.874, -0.031, "weekly-2025-w50", 2L, 3L, "data/eval_runs/run-7"),
        Map.of("material", "customer-facing copy"),
        votes,
        outcome,
        outcome == ApprovalOutcome.PENDING ? null : opened.plusSeconds(900));
  }
}
