package com.evalops.workflows.config;

import com.evalops.harness.release.ChangeProblem;
import com.evalops.harness.release.ConfigChange;
import com.evalops.harness.release.ConfigOperation;
import com.evalops.harness.release.ReleaseRules;
import com.evalops.workflows.RunbookActivityOptions;
import com.evalops.workflows.approval.ApprovalBook;
import com.evalops.workflows.approval.ApprovalOutcome;
import com.evalops.workflows.approval.ApprovalPolicy;
import com.evalops.workflows.approval.ApprovalRequest;
import com.evalops.workflows.approval.ChangeEvidence;
import com.evalops.workflows.approval.RequestState;
import com.evalops.workflows.approval.Vote;
import com.evalops.workflows.audit.RunbookAudit;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One release of a typed config change (config-releases.md), the same for every runbook that
 * changes the router config: prepared against the config in force, put to the approvers the one
 * materiality rule names with the approval bound to the change's digest, gated by a golden
 * evaluation of the candidate unless it only makes routing safer, and made current by
 * compare-and-set, rebased or sent back to its approvers when another change landed first. A store
 * that keeps failing is a problem of the change or a refusal with its reason, never a failed
 * runbook.
 *
 * <p>Runs inside a workflow and keeps no state of its own: the approval book, the history and the
 * child runs are the runbook's, and what differs per runbook comes in through {@link Runbook}.
 */
public final class ConfigReleaseStep {
  /** Rounds of approval, evaluation and apply before a config that keeps moving refuses it. */
  public static final int MAX_ROUNDS = 5;

  private static final String STORE_FAILED = "the config store failed: ";

  /** What a runbook brings to its releases. */
  public interface Runbook {
    /** The runbook's unique id: a release is named {@code <id>/<release>}. */
    String releaseOwner();

    /** The book the release's approval requests are opened in. */
    ApprovalBook approvals();

    /** Leadership's M-of-N when {@code leadership}, else one on-call approver. */
    ApprovalPolicy approvalPolicy(boolean leadership);

    /** The kind of approval request {@code requestId} (mitigation, config_change, …). */
    String approvalKind(String requestId);

    /**
     * The runbook's own evidence beside the change: what motivated it, e.g. a verdict, a report.
     */
    Map<String, String> approvalEvidence();

    /**
     * Tells the approvers that {@code opened} waits for them; {@code text} describes the change.
     */
    void approvalRequested(ApprovalRequest opened, String text);

    /** Waits until {@code requestId} is decided: reminders, escalation, expiry. */
    ApprovalOutcome awaitApproval(String requestId);

    /**
     * The golden evaluation of {@code candidateVersion}, run as a child whose id derives from the
     * runbook's unique id; the step records its verdict in the runbook's history.
     */
    CandidateEvaluation evaluateCandidate(String candidateVersion);

    /**
     * The runbook is at {@code step} now: its approval step, {@code release_gate}, {@code
     * applying}.
     */
    void enterStep(String step);

    /** One line of the runbook's history. */
    void record(String line);
  }

  /** A candidate's golden evaluation: the child run and its verdict. */
  public record CandidateEvaluation(String runId, String verdict) {}

  /** The end of one release: the version now in force, or why nothing was applied. */
  public record ReleaseEnd(String version, String reason, boolean approversSaidNo) {
    static ReleaseEnd applied(String version) {
      return new ReleaseEnd(version, "", false);
    }

    static ReleaseEnd refused(String reason) {
      return new ReleaseEnd(null, reason, false);
    }
  }

  private final Runbook runbook;

  public ConfigReleaseStep(Runbook runbook) {
    this.runbook = runbook;
  }

  /**
   * Validates and prepares {@code operations} against the config in force; a config store that
   * keeps failing is a problem of the change, not a crash.
   *
   * @param release the release's name within the runbook, e.g. {@code mitigation-2}
   */
  public PreparedRelease prepare(String release, List<ConfigOperation> operations, String by) {
    ConfigChange change = new ConfigChange(null, operations);
    String releaseId = runbook.releaseOwner() + "/" + release;
    try {
      return RunbookAudit.activities(
              ConfigReleaseActivities.class,
              RunbookActivityOptions.CHECK,
              "prepare " + change.describe())
          .prepare(new PrepareReleaseRequest(releaseId, change, by));
    } catch (ActivityFailure e) {
      return new PreparedRelease(
          releaseId,
          change,
          change.digest(),
          List.of(),
          List.of(),
          null,
          null,
          List.of(
              new ChangeProblem("operations", change.describe(), STORE_FAILED + rootMessage(e))));
    }
  }

  /**
   * Who approves (§3): leadership's M-of-N when the change is material or its candidate evaluated
   * REVIEW, else one on-call approver other than the proposer.
   */
  public ApprovalPolicy policy(PreparedRelease prepared, String gateVerdict) {
    return runbook.approvalPolicy(prepared.material() || "REVIEW".equals(gateVerdict));
  }

  /**
   * Opens the approval of a prepared change under {@link #policy}; the request carries the digest
   * its votes bind to, the diff, the release gate and, once evaluated, the candidate's verdict (an
   * approving vote then acknowledges a REVIEW).
   */
  public void openApproval(
      String requestId,
      PreparedRelease prepared,
      String proposer,
      String comment,
      String gateVerdict,
      String gateRun) {
    ApprovalPolicy policy = policy(prepared, gateVerdict);
    Map<String, String> evidence = new TreeMap<>(runbook.approvalEvidence());
    evidence.put(ApprovalRequest.CHANGE_DIGEST, prepared.digest());
    evidence.put("change", prepared.change().describe());
    evidence.put(
        ChangeEvidence.DIFF, String.join(ChangeEvidence.DIFF_SEPARATOR, prepared.diffLines()));
    evidence.put(ChangeEvidence.BASE_VERSION, prepared.change().baseVersion());
    evidence.put(
        ChangeEvidence.MATERIAL,
        prepared.material() ? String.join("; ", prepared.materialReasons()) : "no");
    evidence.put(ChangeEvidence.RELEASE_GATE, prepared.gate().name());
    if (gateVerdict != null) {
      evidence.put(ChangeEvidence.CANDIDATE_VERSION, prepared.candidateVersion());
      evidence.put(ChangeEvidence.CANDIDATE_VERDICT, gateVerdict);
      evidence.put(ChangeEvidence.CANDIDATE_RUN, gateRun);
    }
    if ("REVIEW".equals(gateVerdict)) {
      evidence.put(ApprovalRequest.ACKNOWLEDGE, "REVIEW");
    }
    String summary =
        prepared.change().describe()
            + (comment == null || comment.isBlank() ? "" : " — " + comment);
    ApprovalRequest opened =
        ApprovalRequest.of(
            requestId, runbook.approvalKind(requestId), summary, proposer, now(), policy, evidence);
    runbook.approvals().open(opened);
    runbook.record(
        "approval "
            + requestId
            + " opened for change "
            + prepared.digest()
            + ": "
            + String.join("; ", prepared.diffLines()));
    runbook.approvalRequested(
        opened,
        summary
            + "; diff: "
            + String.join("; ", prepared.diffLines())
            + (prepared.material()
                ? " — material: " + String.join("; ", prepared.materialReasons())
                : "")
            + (gateVerdict == null ? "" : "; candidate evaluated " + gateVerdict)
            + "; until "
            + opened.deadline());
  }

  /**
   * One release from prepared change to config in force (§1, §2, §4): the candidate's golden
   * evaluation when the gate asks for it (STOP or INVESTIGATE refuse; REVIEW needs leadership's
   * explicit acknowledgement), the approval bound to the change's digest, then compare-and-set. A
   * config in force that moved meanwhile brings the rebased change back for evaluation or, when it
   * conflicts or changes class, for a new approval ({@code <requestId>-r<round>}) with both values
   * shown.
   *
   * @param requestId the approval request; already open (e.g. a safe-mode exit) or opened here
   * @param proposer who proposed the change: they cannot approve it, and the Change Log names them
   * @param approvalStep the runbook's step while the approvers decide
   */
  public ReleaseEnd release(
      PreparedRelease prepared,
      String requestId,
      String proposer,
      String comment,
      String approvalStep) {
    PreparedRelease current = prepared;
    String id = requestId;
    String approvedDigest = null;
    List<String> approvedBy = List.of();
    boolean acknowledgedReview = false;
    String evaluated = null;
    String gateVerdict = null;
    String gateRun = null;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      if (approvedDigest == null && request(id).isPresent()) {
        runbook.enterStep(approvalStep);
        ApprovalBook approvals = runbook.approvals();
        ApprovalOutcome outcome =
            approvals.isPending(id) ? runbook.awaitApproval(id) : approvals.outcome(id);
        if (outcome != ApprovalOutcome.APPROVED) {
          return new ReleaseEnd(null, outcome.name().toLowerCase(Locale.ROOT), true);
        }
        approvedDigest = current.digest();
        approvedBy = approvers(id);
        acknowledgedReview =
            "REVIEW"
                .equals(
                    request(id)
                        .orElseThrow()
                        .request()
                        .evidence()
                        .get(ApprovalRequest.ACKNOWLEDGE));
      }
      if (current.gate() == ReleaseRules.Gate.EVALUATE && evaluated == null) {
        runbook.enterStep("release_gate");
        CandidateEvaluation gate = runbook.evaluateCandidate(current.candidateVersion());
        runbook.record(
            "release gate "
                + gate.runId()
                + ": candidate config "
                + current.candidateVersion()
                + " evaluated "
                + gate.verdict());
        if ("STOP".equals(gate.verdict()) || "INVESTIGATE".equals(gate.verdict())) {
          return ReleaseEnd.refused(
              "release gate: candidate config "
                  + current.candidateVersion()
                  + " evaluated "
                  + gate.verdict()
                  + " in run "
                  + gate.runId()
                  + " ("
                  + current.change().describe()
                  + ")");
        }
        evaluated = current.candidateVersion();
        gateVerdict = gate.verdict();
        gateRun = gate.runId();
        if (approvedDigest != null && "REVIEW".equals(gateVerdict) && !acknowledgedReview) {
          runbook.record(
              id + " approved before its candidate evaluated REVIEW: leadership acknowledges it");
          approvedDigest = null;
          id = requestId + "-r" + (round + 1);
        }
      }
      if (approvedDigest == null) {
        if (request(id).isEmpty()) {
          openApproval(id, current, proposer, comment, gateVerdict, gateRun);
        }
        continue;
      }
      runbook.enterStep("applying");
      RunbookAudit.step(
          "applying " + current.change().describe() + " on " + current.change().baseVersion());
      AppliedRelease applied =
          apply(current, approvedDigest, approvedBy, proposer, comment, evaluated, gateRun);
      switch (applied.status()) {
        case APPLIED -> {
          return ReleaseEnd.applied(applied.version());
        }
        case REEVALUATE -> {
          runbook.record(
              "the config in force moved to "
                  + applied.rebased().change().baseVersion()
                  + ": the rebased candidate is evaluated again");
          current = applied.rebased();
          evaluated = null;
        }
        case REAPPROVE -> {
          if (applied.rebased() == null || !applied.rebased().valid()) {
            // A change that no longer applies is never put to a vote.
            return ReleaseEnd.refused(applied.reason());
          }
          runbook.record("back to the approvers: " + applied.reason());
          current = applied.rebased();
          evaluated = null;
          approvedDigest = null;
          id = requestId + "-r" + (round + 1);
        }
        default -> {
          return ReleaseEnd.refused(applied.reason());
        }
      }
    }
    return ReleaseEnd.refused(
        "the config in force kept moving: " + MAX_ROUNDS + " rounds without applying");
  }

  /**
   * Makes an approved (or rule-applied) change current through the config store's compare-and-set;
   * a store that keeps failing is a refusal, not a crash.
   *
   * @param requester who asked for the change; the store refuses it when only they approved it
   */
  public AppliedRelease apply(
      PreparedRelease release,
      String approvedDigest,
      List<String> approvedBy,
      String requester,
      String reason,
      String evaluatedVersion,
      String linkedRun) {
    try {
      return RunbookAudit.activities(
              ConfigReleaseActivities.class,
              RunbookActivityOptions.STORE,
              "apply " + release.change().describe())
          .apply(
              new ApplyReleaseRequest(
                  release.releaseId(),
                  release.change(),
                  approvedDigest,
                  evaluatedVersion,
                  requester,
                  approvedBy,
                  reason,
                  linkedRun));
    } catch (ActivityFailure e) {
      return new AppliedRelease(
          AppliedRelease.Status.REFUSED, null, null, STORE_FAILED + rootMessage(e));
    }
  }

  /** Why a change cannot be proposed, each problem naming its field. */
  /** The failure type of a change refused for its content: channels answer it as bad input. */
  public static final String INVALID_CHANGE = "INVALID_CHANGE";

  /** The failure type of a change the config store could not check: channels answer 503. */
  public static final String STORE_UNAVAILABLE = "STORE_UNAVAILABLE";

  /**
   * The update failure for a release that cannot be prepared: {@link #INVALID_CHANGE} naming the
   * first problem's field (the failure's details), or {@link #STORE_UNAVAILABLE} when the store
   * failed, which is no fault of the request.
   */
  public static ApplicationFailure refusal(String reason, PreparedRelease release) {
    return refusal(reason, release, release.problems().get(0).field());
  }

  /** As {@link #refusal(String, PreparedRelease)}, naming {@code field} as the request has it. */
  public static ApplicationFailure refusal(String reason, PreparedRelease release, String field) {
    boolean storeFailed =
        release.problems().stream().anyMatch(p -> p.problem().startsWith(STORE_FAILED));
    return storeFailed
        ? ApplicationFailure.newNonRetryableFailure(reason, STORE_UNAVAILABLE)
        : ApplicationFailure.newNonRetryableFailure(reason, INVALID_CHANGE, field);
  }

  public static String problems(PreparedRelease release) {
    return release.problems().stream()
        .map(ChangeProblem::describe)
        .collect(Collectors.joining("; "));
  }

  private Optional<RequestState> request(String requestId) {
    return runbook.approvals().state().requests().stream()
        .filter(r -> r.request().requestId().equals(requestId))
        .findFirst();
  }

  private List<String> approvers(String requestId) {
    return request(requestId).map(RequestState::votes).orElse(List.of()).stream()
        .filter(Vote::approve)
        .map(v -> v.actor().id())
        .toList();
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return String.valueOf(t.getMessage());
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
