package com.evalops.worker.api;

import com.evalops.harness.sanitize.PiiSanitizer;
import com.evalops.worker.auth.ApiIdentity;
import com.evalops.worker.auth.BearerTokenFilter;
import com.evalops.worker.auth.RefusalLog;
import com.evalops.workflows.RunbookKind;
import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.HumanSteps;
import com.evalops.workflows.approval.HumanStepsState;
import com.evalops.workflows.approval.LabelingProgress;
import com.evalops.workflows.approval.Permission;
import com.evalops.workflows.approval.RefusalNotice;
import com.evalops.workflows.approval.RequestState;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.approval.SubmitLabelRequest;
import com.evalops.workflows.approval.VoteRequest;
import com.evalops.workflows.config.ConfigReleaseStep;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The one path of every human action, whichever channel it comes through: the caller's role is
 * checked (403), the workflow's update validator decides (409 with its reason), and every refusal
 * is recorded in the refusal log and, when a workflow is named, in that workflow's history. Any
 * runbook is reached through {@link HumanSteps}: nothing here knows which runbook it is.
 */
@Component
public class HumanActions {
  /** Masks personal data in what people type (comments, notes) before a workflow sees it. */
  private static final PiiSanitizer PII = new PiiSanitizer();

  /** {@code evaluation-, …, regression- or safe-mode-release-}, as a refusal names them. */
  private static final String PREFIXES =
      String.join(", ", Arrays.stream(RunbookKind.values()).map(RunbookKind::prefix).toList())
          .replaceFirst(", ([^,]+)$", " or $1");

  private final WorkflowClient client;
  private final RefusalLog refusals;

  public HumanActions(WorkflowClient client, RefusalLog refusals) {
    this.client = client;
    this.refusals = refusals;
  }

  /** The runbook a workflow id names; 404, the same in every channel, for any other id. */
  public static RunbookKind runbook(String workflowId) {
    return RunbookKind.of(workflowId)
        .orElseThrow(
            () ->
                ApiException.notFound(
                    "\"" + workflowId + "\" is not a runbook id (" + PREFIXES + ")"));
  }

  public static ApiIdentity caller(HttpServletRequest request) {
    ApiIdentity identity = (ApiIdentity) request.getAttribute(BearerTokenFilter.IDENTITY);
    if (identity == null) {
      throw new ApiException(401, "not authenticated", null);
    }
    return identity;
  }

  /**
   * The caller as the actor of {@code permission}'s action, through the channel it came by; refused
   * (403) and recorded when the permissions table does not allow it.
   */
  public Actor authorize(HttpServletRequest request, String workflowId, Permission permission) {
    ApiIdentity who = caller(request);
    String channel = Channels.of(request);
    requireRole(who, channel, permission.action(), workflowId, permission);
    return who.actor(channel);
  }

  /**
   * Refuses (403) a caller the permissions table does not allow {@code permission}; the refusal is
   * recorded as {@code action}, and sent to {@code workflowId}'s history when one is named and it
   * exists.
   */
  public void requireRole(
      ApiIdentity who, String channel, String action, String workflowId, Permission permission) {
    Set<Role> wanted = EnumSet.copyOf(permission.roles());
    if (who.hasAny(wanted)) {
      return;
    }
    String reason =
        who.id()
            + " lacks the role to "
            + action
            + " (needs "
            + wanted.stream().map(r -> r.name().toLowerCase()).collect(Collectors.joining(" or "))
            + ")";
    refusals.record(403, who.id(), channel, action, workflowId, reason);
    if (workflowId != null) {
      sendRefusal(workflowId, new RefusalNotice(who.actor(channel), action, "", reason));
    }
    throw new ApiException(403, reason, null);
  }

  /**
   * Sends a human action as its workflow update. A validator's refusal becomes a 409 with the
   * validator's own words, and is sent back to the workflow so its history keeps the attempt.
   */
  public <T> T update(
      Actor actor, String workflowId, String action, String subject, Supplier<T> update) {
    try {
      return update.get();
    } catch (WorkflowUpdateException e) {
      String reason = reason(e);
      ApplicationFailure failure = failure(e);
      // A change refused for its content is bad input (400, naming the field); the store being
      // away is no fault of the request (503); anything else the runbook refuses is a conflict
      // with its state (409). Each is recorded, in the refusal log and the runbook's history.
      int status = 409;
      String field = null;
      if (failure != null && ConfigReleaseStep.INVALID_CHANGE.equals(failure.getType())) {
        status = 400;
        field = failure.getDetails().get(String.class);
      } else if (failure != null && ConfigReleaseStep.STORE_UNAVAILABLE.equals(failure.getType())) {
        status = 503;
      }
      refusals.record(status, actor.id(), actor.channel(), action, workflowId, reason);
      sendRefusal(workflowId, new RefusalNotice(actor, action, subject, reason));
      throw new ApiException(status, reason, field);
    } catch (WorkflowNotFoundException e) {
      throw ApiException.notFound("no open runbook " + workflowId);
    }
  }

  /** What the runbook asks of people now (its approval and labeling books). */
  public HumanStepsState humanSteps(String workflowId) {
    return steps(workflowId).humanSteps();
  }

  /**
   * A vote on a pending approval, as the runbook's vote update: the one way the API, the console
   * and Slack vote. Returns the request's state, whichever runbook holds it; 404 for a runbook that
   * never asks for votes.
   */
  public RequestState vote(Actor actor, String workflowId, VoteRequest typed) {
    // People's free text is masked before it enters workflow state, history, Slack or the console.
    VoteRequest vote =
        new VoteRequest(
            typed.requestId(),
            typed.actor(),
            typed.approve(),
            PII.sanitize(typed.comment()),
            typed.idempotencyKey(),
            typed.changeDigest(),
            typed.acknowledgedVerdict());
    return update(
        actor,
        workflowId,
        "vote",
        vote.requestId(),
        () -> asking(workflowId, HumanStepsState::takesVotes, "has no approvals").vote(vote));
  }

  /**
   * A label on a sampled ticket, as the runbook's label update: the one way the API and the console
   * label. Returns the labeling progress; 404 for a runbook that never takes labels.
   */
  public LabelingProgress label(Actor actor, String workflowId, SubmitLabelRequest typed) {
    SubmitLabelRequest label =
        new SubmitLabelRequest(
            typed.ticketId(),
            typed.actor(),
            typed.correctTeam(),
            typed.correctTemplate(),
            typed.safetyViolation(),
            typed.goldIntent(),
            typed.goldTeam(),
            typed.goldTier(),
            typed.goldTemplate(),
            PII.sanitize(typed.note()));
    return update(
        actor,
        workflowId,
        "submitLabel",
        label.ticketId(),
        () ->
            asking(workflowId, HumanStepsState::takesLabels, "takes no labels").submitLabel(label));
  }

  /**
   * The runbook's human steps when it ever asks for {@code step}; otherwise 404 saying it {@code
   * lacks} it, before the update, whose validator would refuse it as a conflict instead.
   */
  private HumanSteps asking(String workflowId, Predicate<HumanStepsState> step, String lacks) {
    HumanSteps steps = steps(workflowId);
    if (!step.test(steps.humanSteps())) {
      throw ApiException.notFound(workflowId + " " + lacks);
    }
    return steps;
  }

  private HumanSteps steps(String workflowId) {
    return client.newWorkflowStub(HumanSteps.class, workflowId);
  }

  private void sendRefusal(String workflowId, RefusalNotice notice) {
    if (RunbookKind.of(workflowId).isEmpty()) {
      return; // an unknown id has no history to keep it: the refusal log holds the attempt
    }
    try {
      steps(workflowId).recordRefusal(notice);
    } catch (WorkflowNotFoundException e) {
      // A closed or unknown workflow keeps no more history; the refusal log holds the attempt.
    }
  }

  /** The runbook's own failure inside the SDK's wrapping, or null. */
  private static ApplicationFailure failure(WorkflowUpdateException e) {
    Throwable cause = e.getCause();
    while (cause != null) {
      if (cause instanceof ApplicationFailure failure) {
        return failure;
      }
      cause = cause.getCause();
    }
    return null;
  }

  /** The validator's message, without the SDK's wrapping. */
  static String reason(WorkflowUpdateException e) {
    Throwable cause = e.getCause();
    while (cause != null) {
      if (cause instanceof ApplicationFailure failure) {
        return failure.getOriginalMessage();
      }
      cause = cause.getCause();
    }
    return e.getMessage();
  }
}
