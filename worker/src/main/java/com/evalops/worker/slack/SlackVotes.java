package com.evalops.worker.slack;

import com.evalops.worker.api.ApiException;
import com.evalops.worker.api.HumanActions;
import com.evalops.worker.auth.ApiIdentity;
import com.evalops.worker.auth.RefusalLog;
import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.ApprovalOutcome;
import com.evalops.workflows.approval.Permission;
import com.evalops.workflows.approval.RequestState;
import com.evalops.workflows.approval.Vote;
import com.evalops.workflows.approval.VoteRequest;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a click into the workflow's vote update, off the request thread (Slack wants its answer
 * within 3 seconds; an update may take longer), and answers the clicker ephemerally with the
 * outcome or the reason for the refusal. The path is the API's: the role check, then the workflow's
 * validator, each refusal recorded in the refusal log and in the workflow's history.
 */
public class SlackVotes {
  static final String CHANNEL = "slack";
  private static final Logger log = LoggerFactory.getLogger(SlackVotes.class);

  private final SlackIdentities identities;
  private final HumanActions actions;
  private final RefusalLog refusals;
  private final SlackReplies replies;
  private final ExecutorService executor;

  public SlackVotes(
      SlackIdentities identities,
      HumanActions actions,
      RefusalLog refusals,
      SlackReplies replies,
      ExecutorService executor) {
    this.identities = identities;
    this.actions = actions;
    this.refusals = refusals;
    this.replies = replies;
    this.executor = executor;
  }

  /**
   * Queues the click for delivery; false when the queue is full (the caller answers Slack with an
   * error so the clicker sees the click did not go through).
   */
  public boolean submit(SlackClick click) {
    try {
      executor.execute(() -> deliverAndReply(click));
      return true;
    } catch (RejectedExecutionException e) {
      log.warn(
          "Slack: click of {} on {} dropped: too many waiting",
          click.slackUserId(),
          click.workflowId());
      return false;
    }
  }

  /** Lets the clicks already queued finish, briefly, when the engine stops. */
  public void close() throws InterruptedException {
    executor.shutdown();
    if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
      log.warn("Slack: clicks still being delivered at shutdown were abandoned");
      executor.shutdownNow();
    }
  }

  void deliverAndReply(SlackClick click) {
    String reply;
    try {
      reply = deliver(click);
    } catch (RuntimeException e) {
      log.error("Slack: click of {} on {} failed", click.slackUserId(), click.workflowId(), e);
      reply = "Your vote could not be delivered (engine error, see its log); try again.";
    }
    replies.ephemeral(click.responseUrl(), reply);
  }

  /** Delivers the vote and returns what to tell the clicker. */
  String deliver(SlackClick click) {
    String action = "vote";
    ApiIdentity who = identities.identify(click.slackUserId()).orElse(null);
    if (who == null) {
      String reason =
          "Slack user "
              + click.slackUserId()
              + " is not linked to an EvalOps identity (evalops.slack.users)";
      refusals.record(
          403, "slack:" + click.slackUserId(), CHANNEL, action, click.workflowId(), reason);
      return "Not counted: your Slack account is not linked to an EvalOps identity. Ask an"
          + " EvalOps administrator to add your Slack user id "
          + click.slackUserId()
          + " to evalops.slack.users.";
    }
    try {
      HumanActions.runbook(click.workflowId());
      actions.requireRole(who, CHANNEL, action, click.workflowId(), Permission.VOTE);
      Actor actor = who.actor(CHANNEL);
      VoteRequest vote = voteRequest(click, actor);
      return outcome(vote, actions.vote(actor, click.workflowId(), vote));
    } catch (ApiException e) {
      return "Not counted: " + e.getMessage();
    }
  }

  /**
   * The vote a click casts: the digest of the change the message showed (a change that moved since
   * is refused by the workflow) and the verdict its button acknowledges.
   */
  static VoteRequest voteRequest(SlackClick click, Actor actor) {
    return new VoteRequest(
        click.requestId(),
        actor,
        click.approve(),
        "",
        idempotencyKey(click),
        click.changeDigest(),
        click.acknowledgedVerdict());
  }

  /** One key per click: the same click delivered twice counts once; a second click is refused. */
  private static String idempotencyKey(SlackClick click) {
    return CHANNEL
        + ":"
        + click.slackUserId()
        + ":"
        + (click.actionTs().isBlank() ? UUID.randomUUID().toString() : click.actionTs());
  }

  private static String outcome(VoteRequest vote, RequestState state) {
    String recorded =
        recorded(vote, state.request().requestId() + " (" + state.request().kind() + ")");
    if (state.outcome() == ApprovalOutcome.PENDING) {
      long approvals = state.votes().stream().filter(Vote::approve).count();
      return recorded
          + ": "
          + approvals
          + " of "
          + state.request().policy().minApprovals()
          + " approvals, still pending.";
    }
    return recorded
        + ": the request is now "
        + state.outcome().name().toLowerCase(Locale.ROOT)
        + ".";
  }

  private static String recorded(VoteRequest vote, String request) {
    return "Your "
        + (vote.approve() ? "approval" : "rejection")
        + " of request "
        + request
        + " is recorded as "
        + vote.actor().id();
  }
}
