package com.evalops.workflows.incident;

import static com.evalops.workflows.incident.IncidentContext.incidents;
import static com.evalops.workflows.incident.IncidentContext.now;

import com.evalops.harness.release.ConfigOperation;
import com.evalops.workflows.approval.ApprovalOutcome;
import com.evalops.workflows.approval.ApprovalRequest;
import com.evalops.workflows.approval.Permission;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.config.ConfigReleaseStep;
import com.evalops.workflows.config.ConfigReleaseStep.ReleaseEnd;
import com.evalops.workflows.config.PreparedRelease;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Seed §3 step 6: exit safe mode only when metrics are stable and manual QA is clean ({@link
 * ExitEvidence}), and leadership agrees. Safe mode stays on until an exit request, which is
 * admitted only when the exit conditions hold, is approved; a rejected or expired request leaves
 * safe mode on and on-call may ask again.
 */
final class SafeModeExitStage {
  /** The prefix of exit request ids: {@code safe-mode-exit-1}, … */
  static final String REQUEST = "safe-mode-exit";

  static final String APPROVAL_KIND = "safe_mode_exit";

  private final IncidentContext incident;
  private final IncidentJournal journal;
  private final SafeModeStage safeMode;
  private final ExitEvidence evidence;
  private final IncidentApprovals approvals;
  private final IncidentReleases releases;
  private String exitRequestId;
  // Exit requests open to votes so far; the exit loop wakes when it grows.
  private int exitRequests;
  private PreparedRelease exitRelease;

  SafeModeExitStage(
      IncidentContext incident,
      SafeModeStage safeMode,
      ExitEvidence evidence,
      IncidentApprovals approvals,
      IncidentReleases releases) {
    this.incident = incident;
    this.journal = incident.journal();
    this.safeMode = safeMode;
    this.evidence = evidence;
    this.approvals = approvals;
    this.releases = releases;
  }

  /**
   * Waits for exit requests until one is approved and applied, gathering the evidence the incident
   * computes on the way. The safe outcome of waiting is staying in safe mode, so this wait has no
   * expiry: on-call is reminded at each interval of what still blocks the exit.
   */
  void leaveSafeMode() {
    StartRegressionRequest request = incident.request();
    int handled = 0;
    while (safeMode.isOn()) {
      journal.enter(IncidentStep.SAFE_MODE_EXIT);
      if (evidence.gather()) {
        continue;
      }
      journal.waitFor(
          "a safe-mode exit request once the exit conditions hold", Set.of(Role.ONCALL), null);
      int seen = handled;
      List<String> blocking = evidence.unmetConditions();
      journal.show(
          "safe mode on: waiting for on-call to request the exit"
              + (blocking.isEmpty()
                  ? "; the exit conditions hold"
                  : "; " + String.join("; ", blocking)));
      if (!Workflow.await(
          incident.settings().safeModeReminderInterval(),
          () -> exitRequests > seen || evidence.workPending())) {
        List<String> unmet = evidence.unmetConditions();
        journal.notify(
            "reminder",
            "oncall",
            "safe mode still on for " + request.scope(),
            unmet.isEmpty()
                ? "the exit conditions hold: request the exit"
                : String.join("; ", unmet));
        continue;
      }
      if (exitRequests == seen) {
        continue; // evidence to gather first
      }
      handled = exitRequests;
      journal.enter(IncidentStep.EXIT_APPROVAL);
      String requestId = exitRequestId;
      if (!incident.typedReleases() && approvals.await(requestId) != ApprovalOutcome.APPROVED) {
        journal.record("safe-mode exit " + requestId + " not approved: safe mode stays on");
        continue;
      }
      journal.show("turning safe mode off for " + request.scope());
      String version;
      if (incident.typedReleases()) {
        ReleaseEnd end =
            releases.release(
                exitRelease,
                requestId,
                // Opened when requested, so its proposer is on record.
                approvals.proposer(requestId).orElseThrow(),
                "exit approved as " + requestId,
                IncidentStep.EXIT_APPROVAL);
        if (end.version() == null) {
          journal.record("safe-mode exit " + requestId + " not applied: " + end.reason());
          incident.finding("safe-mode exit " + requestId + " not applied: " + end.reason());
          continue;
        }
        version = end.version();
      } else {
        version =
            incidents("safe mode off for " + request.scope())
                .setSafeMode(
                    new SafeModeChange(false, "exit approved as " + requestId, incident.id()));
      }
      safeMode.switchedOff(version);
    }
  }

  void validate(SafeModeExitRequest exit) {
    IncidentContext.requireRole(
        exit == null ? null : exit.actor(),
        Permission.REQUEST_SAFE_MODE_EXIT,
        "requesting safe-mode exit");
    if (!safeMode.isOn()) {
      throw new IllegalStateException("safe mode is not on for incident " + incident.id());
    }
    if (exitRequestId != null && approvals.isPending(exitRequestId)) {
      throw new IllegalStateException(
          "safe-mode exit " + exitRequestId + " is already waiting for approval");
    }
    if (!journal.isAt(IncidentStep.SAFE_MODE_EXIT, IncidentStep.RECHECK)) {
      throw new IllegalStateException(
          "safe-mode exit is requested after the mitigation decision; the incident is at step "
              + journal.step().wireName());
    }
    if (incident.typedReleases()) {
      incident.config().requireNotChecking(incident.id());
      return; // the handler judges the conditions against the config in force, which it asks for
    }
    List<String> unmet = evidence.unmetConditions();
    if (!unmet.isEmpty()) {
      throw new IllegalStateException("safe-mode exit refused: " + String.join("; ", unmet));
    }
  }

  ProposalReceipt request(SafeModeExitRequest exit) {
    if (incident.typedReleases()) {
      return requestRelease(exit);
    }
    exitRequests++;
    String requestId = REQUEST + "-" + exitRequests;
    String configVersion = incident.config().version();
    ApprovalRequest opened =
        ApprovalRequest.of(
            requestId,
            APPROVAL_KIND,
            "leave safe mode for " + incident.request().scope() + " under config " + configVersion,
            exit.actor().id(),
            now(),
            incident.settings().leadershipPolicy(),
            Map.of(
                "config_version", configVersion,
                "consecutive_passes", String.valueOf(evidence.consecutivePasses()),
                "qa_window", evidence.qaWindow().sampleId()));
    approvals.open(opened);
    exitRequestId = requestId;
    approvals.requested(
        opened,
        "approve safe-mode exit for incident " + incident.id(),
        opened.summary() + "; until " + opened.deadline());
    return IncidentApprovals.receipt(opened, List.of("safe-mode exit"));
  }

  /** With typed releases the exit is a release of the incident's hold, judged when requested. */
  private ProposalReceipt requestRelease(SafeModeExitRequest exit) {
    // The exit loop wakes on exitRequests: count the request only once it is prepared and open.
    String requestId = REQUEST + "-" + (exitRequests + 1);
    PreparedRelease prepared =
        incident
            .config()
            .checking(
                () -> {
                  incident.config().follow();
                  List<String> unmet = evidence.unmetConditions();
                  if (!unmet.isEmpty()) {
                    String reason = "safe-mode exit refused: " + String.join("; ", unmet);
                    journal.record(
                        "refused requestSafeModeExit by " + exit.actor().id() + ": " + reason);
                    throw ApplicationFailure.newNonRetryableFailure(
                        reason, "EXIT_CONDITIONS_UNMET");
                  }
                  return releases.prepare(
                      requestId,
                      List.of(ConfigOperation.releaseSafeMode(safeMode.holdScope(), incident.id())),
                      exit.actor().id());
                });
    if (!prepared.valid()) {
      String reason = "safe-mode exit refused: " + ConfigReleaseStep.problems(prepared);
      journal.record("refused requestSafeModeExit by " + exit.actor().id() + ": " + reason);
      throw ConfigReleaseStep.refusal(reason, prepared);
    }
    exitRelease = prepared;
    exitRequestId = requestId;
    releases.openApproval(requestId, prepared, exit.actor().id(), exit.comment());
    exitRequests++;
    return releases.receipt(requestId, prepared, true, approvals.deadline(requestId));
  }
}
