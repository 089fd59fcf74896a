package com.evalops.activities.notify;

import com.evalops.activities.notify.SlackMessageStore.Posted;
import com.evalops.workflows.notify.ApprovalNotice;
import com.evalops.workflows.notify.Notification;
import com.evalops.workflows.notify.NotifierActivities;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.conversations.ConversationsHistoryResponse;
import com.slack.api.model.Message;
import com.slack.api.model.block.LayoutBlock;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices as Slack messages in one channel ({@code chat.postMessage}, {@code chat.update}).
 *
 * <ul>
 *   <li>An approval request of one runbook run has one message, with the evidence and the Approve /
 *       Reject buttons. The run is the notice's {@link Notification#runId()}, its unique id (an
 *       incident's own id, not the per-scope workflow id that every incident of the scope shares),
 *       so a later incident asking {@code mitigation-1} again gets a message of its own. The
 *       buttons still name the workflow id, which finds the open incident. Every notice about the
 *       request brings it up to date ({@code chat.update}: votes, outcome); the first one posts it.
 *       Reminders, escalations and the final decision are thread replies under it.
 *   <li>Any other notice is a message of its own.
 * </ul>
 *
 * <p>Posted once, even when the activity is retried. Before posting an approval message the
 * notifier looks for it in its {@link SlackMessageStore}, then in the channel's recent history: the
 * message carries metadata ({@value SlackMessages#APPROVAL_EVENT}, workflow id, run id, request
 * id), so a retry after a crash between posting and remembering finds the message instead of
 * posting it again. Other messages are remembered by the notice's activity (workflow run + activity
 * id, which a retry keeps), so a retry after a failed later step skips them.
 *
 * <p>A small retry cap ({@code RunbookActivityOptions.NOTIFY}): a transient failure (network, Slack
 * 5xx, rate limit) is retried by Temporal, after Slack's {@code Retry-After} when it gives one; a
 * permanent refusal (bad token, unknown channel, missing scope) and the last attempt log the lost
 * notice and return, because a Slack outage must neither spam the channel nor stop a runbook.
 */
public final class SlackNotifierActivities implements NotifierActivities {
  private static final Logger log = LoggerFactory.getLogger(SlackNotifierActivities.class);

  /** Error codes in an {@code ok:false} answer that a later attempt may not get. */
  private static final Set<String> TRANSIENT_ERRORS =
      Set.of(
          "ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout");

  static final String RATE_LIMITED = "SlackRateLimited";
  static final String UNAVAILABLE = "SlackUnavailable";

  /** How far back the history search looks before the request was opened. */
  private static final Duration HISTORY_SLACK = Duration.ofMinutes(5);

  private static final int HISTORY_PAGES = 5;

  private final MethodsClient slack;
  private final String channel;
  private final SlackMessages messages;
  private final SlackMessageStore store;

  public SlackNotifierActivities(
      MethodsClient slack, String channel, SlackMessages messages, SlackMessageStore store) {
    if (channel == null || channel.isBlank()) {
      throw new IllegalArgumentException("the Slack notifier needs a channel");
    }
    this.slack = slack;
    this.channel = channel.trim();
    this.messages = messages;
    this.store = store;
  }

  @Override
  public void notify(Notification n) {
    try {
      if (n.approval() == null) {
        postOnce(noticeKey(), messages.plain(n), null, null);
      } else {
        deliverApproval(n, n.approval());
      }
    } catch (SlackRefusal e) {
      log.error("Slack: notice \"{}\" not delivered, Slack refused it: {}", n.title(), e.error);
    } catch (SlackTransient e) {
      ActivityInfo info = Activity.getExecutionContext().getInfo();
      int max = info.getRetryOptions() == null ? 0 : info.getRetryOptions().getMaximumAttempts();
      if (max > 0 && info.getAttempt() >= max) {
        log.error(
            "Slack: notice \"{}\" not delivered after {} attempts: {}",
            n.title(),
            info.getAttempt(),
            e.getMessage());
        return;
      }
      throw ApplicationFailure.newBuilder()
          .setType(e.retryAfter == null ? UNAVAILABLE : RATE_LIMITED)
          .setMessage(e.getMessage())
          .setNextRetryDelay(e.retryAfter)
          .build();
    }
  }

  private void deliverApproval(Notification n, ApprovalNotice a) {
    Posted message = upsertApproval(n.runId() == null ? a.workflowId() : n.runId(), a);
    switch (n.kind()) {
      case "approval_requested", "approval_updated" -> {}
      // reminder, escalation, decision: the thread tells the story under the message
      default -> postOnce(noticeKey(), messages.plain(n), message.channel(), message.ts());
    }
  }

  /** Updates the message of run {@code runId}'s request, or posts it when it does not exist yet. */
  private Posted upsertApproval(String runId, ApprovalNotice a) {
    String key = "approval/" + runId + "/" + a.requestId();
    List<LayoutBlock> blocks = messages.approval(a);
    String text = messages.approvalFallback(a);
    Optional<Posted> existing =
        store.find(key).or(() -> recordWithoutRunId(key, a)).or(() -> findInHistory(key, runId, a));
    if (existing.isPresent()) {
      Posted posted = existing.get();
      call(
          "chat.update",
          () ->
              slack.chatUpdate(
                  r -> r.channel(posted.channel()).ts(posted.ts()).text(text).blocks(blocks)));
      return posted;
    }
    ChatPostMessageResponse response =
        call(
            "chat.postMessage",
            () ->
                slack.chatPostMessage(
                    r ->
                        r.channel(channel)
                            .text(text)
                            .blocks(blocks)
                            .unfurlLinks(false)
                            .metadata(
                                Message.Metadata.builder()
                                    .eventType(SlackMessages.APPROVAL_EVENT)
                                    .eventPayload(
                                        Map.of(
                                            "workflowId", a.workflowId(),
                                            "runId", runId,
                                            "requestId", a.requestId()))
                                    .build())));
    Posted posted = new Posted(key, response.getChannel(), response.getTs());
    store.remember(posted);
    log.info("Slack: posted approval request {} of {}", a.requestId(), runId);
    return posted;
  }

  /**
   * The record of a message posted before messages were kept per run (keyed by workflow id, which
   * the incidents of a scope share): it is this request's only if posted since shortly before the
   * request opened, as an earlier incident's message was not. Kept under the run's key from then
   * on.
   */
  private Optional<Posted> recordWithoutRunId(String key, ApprovalNotice a) {
    String old = "approval/" + a.workflowId() + "/" + a.requestId();
    if (old.equals(key)) {
      return Optional.empty();
    }
    return store
        .find(old)
        .filter(p -> postedSinceOpened(p.ts(), a))
        .map(
            p -> {
              Posted posted = new Posted(key, p.channel(), p.ts());
              store.remember(posted);
              return posted;
            });
  }

  /** Whether a message ({@code ts}, Slack's epoch seconds) is not older than its request. */
  private static boolean postedSinceOpened(String ts, ApprovalNotice a) {
    if (ts == null || a.requestedAt() == null) {
      return false;
    }
    int dot = ts.indexOf('.');
    try {
      long seconds = Long.parseLong(dot < 0 ? ts : ts.substring(0, dot));
      return seconds >= a.requestedAt().minus(HISTORY_SLACK).getEpochSecond();
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * The approval message in the channel's history since shortly before the request opened, found by
   * its metadata. Without history access (scope or channel name instead of id) the store alone
   * guards against a second post.
   */
  private Optional<Posted> findInHistory(String key, String runId, ApprovalNotice a) {
    String oldest =
        a.requestedAt() == null
            ? null
            : Long.toString(a.requestedAt().minus(HISTORY_SLACK).getEpochSecond());
    String cursor = null;
    for (int page = 0; page < HISTORY_PAGES; page++) {
      String from = cursor;
      ConversationsHistoryResponse history;
      try {
        history =
            call(
                "conversations.history",
                () ->
                    slack.conversationsHistory(
                        r ->
                            r.channel(channel)
                                .oldest(oldest)
                                .limit(200)
                                .includeAllMetadata(true)
                                .cursor(from)));
      } catch (SlackRefusal e) {
        log.warn(
            "Slack: cannot read the history of {} ({}); relying on the local record only",
            channel,
            e.error);
        return Optional.empty();
      }
      for (Message m : history.getMessages() == null ? List.<Message>of() : history.getMessages()) {
        if (isApprovalMessage(m, runId, a)) {
          // History is read by channel id, so the configured channel is that id.
          Posted found = new Posted(key, channel, m.getTs());
          store.remember(found);
          log.info(
              "Slack: found the message of approval request {} of {} in the channel history",
              a.requestId(),
              runId);
          return Optional.of(found);
        }
      }
      cursor =
          history.getResponseMetadata() == null
              ? null
              : history.getResponseMetadata().getNextCursor();
      if (cursor == null || cursor.isEmpty()) {
        break;
      }
    }
    return Optional.empty();
  }

  /**
   * The message of run {@code runId}'s request; one posted before messages named their run counts
   * when posted since shortly before the request opened (see {@link #recordWithoutRunId}).
   */
  private static boolean isApprovalMessage(Message m, String runId, ApprovalNotice a) {
    Message.Metadata metadata = m.getMetadata();
    if (metadata == null || !SlackMessages.APPROVAL_EVENT.equals(metadata.getEventType())) {
      return false;
    }
    Map<String, Object> payload = metadata.getEventPayload();
    if (payload == null
        || !a.workflowId().equals(payload.get("workflowId"))
        || !a.requestId().equals(payload.get("requestId"))) {
      return false;
    }
    Object postedFor = payload.get("runId");
    return postedFor == null ? postedSinceOpened(m.getTs(), a) : runId.equals(postedFor);
  }

  /**
   * Posts a message (a thread reply when {@code threadTs} is set) unless this notice already did.
   */
  private void postOnce(String key, String text, String replyChannel, String threadTs) {
    if (key != null && store.find(key).isPresent()) {
      return;
    }
    ChatPostMessageResponse response =
        call(
            "chat.postMessage",
            () ->
                slack.chatPostMessage(
                    r ->
                        r.channel(replyChannel == null ? channel : replyChannel)
                            .text(text)
                            .mrkdwn(true)
                            .unfurlLinks(false)
                            .threadTs(threadTs)));
    if (key != null) {
      store.remember(new Posted(key, response.getChannel(), response.getTs()));
    }
  }

  /** What a retry of this activity keeps: its workflow run and activity id. */
  private static String noticeKey() {
    ActivityInfo info = Activity.getExecutionContext().getInfo();
    return "notice/" + info.getWorkflowId() + "/" + info.getRunId() + "/" + info.getActivityId();
  }

  @FunctionalInterface
  private interface SlackCall<T extends SlackApiTextResponse> {
    T call() throws IOException, SlackApiException;
  }

  private static <T extends SlackApiTextResponse> T call(String method, SlackCall<T> call) {
    T response;
    try {
      response = call.call();
    } catch (SlackApiException e) {
      int status = e.getResponse() == null ? 0 : e.getResponse().code();
      if (status == 429) {
        throw new SlackTransient(method + ": rate limited", retryAfter(e));
      }
      if (status >= 500 || status == 408) {
        throw new SlackTransient(method + ": HTTP " + status, null);
      }
      throw new SlackRefusal(method + ": HTTP " + status + " " + e.getResponseBody());
    } catch (IOException e) {
      throw new SlackTransient(method + ": " + e, null);
    }
    if (!response.isOk()) {
      if (TRANSIENT_ERRORS.contains(response.getError())) {
        throw new SlackTransient(method + ": " + response.getError(), null);
      }
      throw new SlackRefusal(method + ": " + response.getError());
    }
    return response;
  }

  private static Duration retryAfter(SlackApiException e) {
    String header = e.getResponse().header("Retry-After");
    try {
      return Duration.ofSeconds(Math.max(1, Long.parseLong(header == null ? "" : header.trim())));
    } catch (NumberFormatException ignored) {
      return Duration.ofSeconds(1);
    }
  }

  /** Slack said no for a reason another attempt cannot change. */
  private static final class SlackRefusal extends RuntimeException {
    private final String error;

    SlackRefusal(String error) {
      super(error);
      this.error = error;
    }
  }

  /** Slack could not answer now; {@code retryAfter} when it said how long to wait. */
  private static final class SlackTransient extends RuntimeException {
    private final Duration retryAfter;

    SlackTransient(String message, Duration retryAfter) {
      super(message);
      this.retryAfter = retryAfter;
    }
  }
}
