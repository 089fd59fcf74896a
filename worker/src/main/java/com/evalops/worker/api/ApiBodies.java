package com.evalops.worker.api;

import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.VoteRequest;
import java.util.List;

/** The JSON bodies the API accepts; absent optional fields take the defaults docs/api.md lists. */
public final class ApiBodies {
  private ApiBodies() {}

  public record StartEvaluation(
      String runId,
      String goldenVersion,
      String sampleRef,
      String configVersion,
      String baselineRunId,
      Boolean acceptAsBaseline,
      Boolean noBaseline) {}

  public record StartWeekly(String weekId) {}

  public record StartDaily(String day, Integer sampleSize, Long seed) {}

  public record StartMonthly(String month, Integer windowDays) {}

  public record StartIncident(
      String scope,
      String alarm,
      Boolean harm,
      Integer tickets,
      Integer windowDays,
      String detail) {}

  public record Label(
      String ticketId,
      Boolean correctTeam,
      Boolean correctTemplate,
      Boolean safetyViolation,
      String goldIntent,
      String goldTeam,
      Integer goldTier,
      String goldTemplate,
      String note) {}

  /**
   * @param intent optional, for {@code threshold_adjust}: the intent whose threshold moves; absent
   *     for the global confidence threshold
   */
  public record Decide(
      String action,
      String comment,
      Double threshold,
      String template,
      String rollbackTo,
      String intent) {}

  /**
   * @param changeDigest optional: the digest of the config change the voter was shown; the workflow
   *     refuses the vote (409) when the request is for another one
   * @param acknowledge optional: the candidate evaluation's verdict the voter acknowledges ({@code
   *     REVIEW}), needed to approve a change whose candidate evaluated REVIEW
   */
  public record Vote(
      String requestId, Boolean approve, String comment, String changeDigest, String acknowledge) {

    /** The vote update this body asks for, cast by {@code actor}. */
    VoteRequest toRequest(Actor actor, String idempotencyKey) {
      return new VoteRequest(
          required(requestId, "requestId"),
          actor,
          required(approve, "approve"),
          comment,
          idempotencyKey,
          changeDigest,
          acknowledge);
    }
  }

  /**
   * A mitigation: typed {@code operations} (config-releases §1) with a {@code comment}; {@code
   * kind}, {@code details}, {@code intents}, {@code templates} and {@code rollbackTarget} are the
   * fields of incidents opened before typed changes, which still read them.
   */
  public record Mitigation(
      List<Operation> operations,
      String comment,
      String kind,
      String details,
      List<String> intents,
      List<String> templates,
      String rollbackTarget) {}

  /**
   * One typed operation: {@code op}, {@code target}, {@code value} (thresholds), {@code holder}.
   */
  public record Operation(String op, String target, Double value, String holder) {}

  public record SafeModeExit(String comment) {}

  public record IncidentEvaluation(String runId) {}

  public record Recheck(String comment) {}

  /** Only {@code dailyQaRunId} is accepted; the other fields are named to refuse them clearly. */
  public record QaWindow(
      String dailyQaRunId, String sampleId, Integer labeledTickets, Integer safetyViolations) {}

  static <T> T required(T value, String field) {
    if (value == null || (value instanceof String s && s.isBlank())) {
      throw ApiException.badRequest(field, field + " is required");
    }
    return value;
  }
}
