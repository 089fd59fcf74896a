package com.evalops.worker.api;

import com.evalops.worker.auth.ApiIdentity;
import com.evalops.worker.auth.BearerTokenFilter;
import com.evalops.worker.auth.RefusalLog;
import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.Permission;
import com.evalops.workflows.approval.RefusalNotice;
import com.evalops.workflows.approval.RequestState;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.approval.VoteRequest;
import com.evalops.workflows.cadence.DailyQaWorkflow;
import com.evalops.workflows.cadence.MonthlyCalibrationWorkflow;
import com.evalops.workflows.cadence.WeeklyRegressionWorkflow;
import com.evalops.workflows.config.ConfigReleaseStep;
import com.evalops.workflows.incident.RegressionIncidentWorkflow;
import com.evalops.workflows.runbook.EvaluationRunbookWorkflow;
import com.evalops.workflows.safemode.HoldReleaseWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import jakarta.servlet.http.HttpServletRequest;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The one path of every human action, whichever channel it comes through: the caller's role is
 * checked (403), the workflow's update validator decides (409 with its reason), and every refusal
 * is recorded in the refusal log and, when a workflow is named, in that workflow's history.
 */
@Component
public class HumanActions {
  private final WorkflowClient client;
  private final RefusalLog refusals;

  public HumanActions(WorkflowClient client, RefusalLog refusals) {
    this.client = client;
    this.refusals = refusals;
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

  /**
   * A vote on a pending approval, as the runbook's vote update: the one way the API, the console
   * and Slack vote. Returns the request's state, whichever runbook holds it.
   */
  public RequestState vote(Actor actor, String workflowId, VoteRequest vote) {
    RunbookKind kind = RunbookKind.require(workflowId);
    return update(
        actor, workflowId, "vote", vote.requestId(), () -> kind.vote(client, workflowId, vote));
  }

  private void sendRefusal(String workflowId, RefusalNotice notice) {
    Optional<RunbookKind> known = RunbookKind.of(workflowId);
    if (known.isEmpty()) {
      return; // an unknown id has no history to keep it: the refusal log holds the attempt
    }
    RunbookKind kind = known.get();
    try {
      switch (kind) {
        case INCIDENT ->
            client
                .newWorkflowStub(RegressionIncidentWorkflow.class, workflowId)
                .recordRefusal(notice);
        case EVALUATION ->
            client
                .newWorkflowStub(EvaluationRunbookWorkflow.class, workflowId)
                .recordRefusal(notice);
        case DAILY ->
            client.newWorkflowStub(DailyQaWorkflow.class, workflowId).recordRefusal(notice);
        case SAFE_MODE_RELEASE ->
            client.newWorkflowStub(HoldReleaseWorkflow.class, workflowId).recordRefusal(notice);
        case MONTHLY ->
            client
                .newWorkflowStub(MonthlyCalibrationWorkflow.class, workflowId)
                .recordRefusal(notice);
        case WEEKLY ->
            client
                .newWorkflowStub(WeeklyRegressionWorkflow.class, workflowId)
                .recordRefusal(notice);
      }
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
