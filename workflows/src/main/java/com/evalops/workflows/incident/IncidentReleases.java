package com.evalops.workflows.incident;

import com.evalops.harness.release.ConfigOperation;
import com.evalops.workflows.approval.ApprovalBook;
import com.evalops.workflows.approval.ApprovalOutcome;
import com.evalops.workflows.approval.ApprovalPolicy;
import com.evalops.workflows.approval.ApprovalRequest;
import com.evalops.workflows.config.AppliedRelease;
import com.evalops.workflows.config.ConfigReleaseStep;
import com.evalops.workflows.config.ConfigReleaseStep.ReleaseEnd;
import com.evalops.workflows.config.PreparedRelease;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The incident's typed config releases (config-releases.md): the safe-mode hold, mitigations and
 * the exit go through the release step every runbook that changes the router config shares; this is
 * what that step asks of an incident.
 */
final class IncidentReleases {
  private final IncidentContext incident;
  private final IncidentApprovals approvals;
  private final EvaluationStage evaluation;
  private final ConfigReleaseStep step = new ConfigReleaseStep(new Runbook());

  IncidentReleases(
      IncidentContext incident, IncidentApprovals approvals, EvaluationStage evaluation) {
    this.incident = incident;
    this.approvals = approvals;
    this.evaluation = evaluation;
  }

  /** See {@link ConfigReleaseStep#prepare}; {@code release} is named within the incident. */
  PreparedRelease prepare(String release, List<ConfigOperation> operations, String by) {
    return step.prepare(release, operations, by);
  }

  /**
   * One release through the shared step (config-releases §1, §2, §4), by the proposer of {@code
   * requestId}.
   *
   * @param approvalStep the incident's step while the approvers decide
   */
  ReleaseEnd release(
      PreparedRelease prepared,
      String requestId,
      String proposer,
      String comment,
      IncidentStep approvalStep) {
    return step.release(prepared, requestId, proposer, comment, approvalStep.wireName());
  }

  void openApproval(String requestId, PreparedRelease prepared, String proposer, String comment) {
    step.openApproval(requestId, prepared, proposer, comment, null, null);
  }

  AppliedRelease apply(
      PreparedRelease release, List<String> approvedBy, String requester, String reason) {
    return step.apply(release, release.digest(), approvedBy, requester, reason, null, null);
  }

  /**
   * What a proposal or exit request of a prepared change answers.
   *
   * @param deadline the vote's deadline, null while the request waits for its gate evaluation
   */
  ProposalReceipt receipt(
      String requestId, PreparedRelease prepared, boolean material, Instant deadline) {
    ApprovalPolicy policy = step.policy(prepared, null);
    return new ProposalReceipt(
        requestId,
        material,
        prepared.materialReasons(),
        policy.approverRoles(),
        policy.minApprovals(),
        deadline,
        prepared.digest(),
        prepared.diffLines(),
        prepared.gate().name());
  }

  /** What the shared release step asks of an incident. */
  private final class Runbook implements ConfigReleaseStep.Runbook {
    @Override
    public String releaseOwner() {
      return incident.id();
    }

    @Override
    public ApprovalBook approvals() {
      return approvals.book();
    }

    @Override
    public ApprovalPolicy approvalPolicy(boolean leadership) {
      IncidentSettings settings = incident.settings();
      return leadership ? settings.leadershipPolicy() : settings.oncallPolicy();
    }

    @Override
    public String approvalKind(String requestId) {
      return requestId.startsWith(SafeModeExitStage.REQUEST)
          ? SafeModeExitStage.APPROVAL_KIND
          : MitigationStage.REQUEST;
    }

    @Override
    public Map<String, String> approvalEvidence() {
      return Map.of(
          "golden_verdict", String.valueOf(evaluation.goldenVerdict()),
          "report", String.valueOf(evaluation.goldenArtifact()));
    }

    @Override
    public void approvalRequested(ApprovalRequest opened, String text) {
      approvals.requested(
          opened,
          "approve " + opened.kind().replace('_', ' ') + " for incident " + incident.id(),
          text);
    }

    @Override
    public ApprovalOutcome awaitApproval(String requestId) {
      return approvals.await(requestId);
    }

    @Override
    public ConfigReleaseStep.CandidateEvaluation evaluateCandidate(String candidateVersion) {
      return evaluation.gate(candidateVersion);
    }

    @Override
    public void enterStep(String name) {
      incident.journal().enter(IncidentStep.of(name));
      incident.journal().stopWaiting();
    }

    @Override
    public void record(String line) {
      incident.journal().record(line);
    }
  }
}
