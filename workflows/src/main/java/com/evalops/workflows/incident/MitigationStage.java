package com.evalops.workflows.incident;

import static com.evalops.workflows.incident.IncidentContext.incidents;
import static com.evalops.workflows.incident.IncidentContext.now;

import com.evalops.harness.release.ConfigOperation;
import com.evalops.harness.release.ReleaseRules;
import com.evalops.workflows.approval.ApprovalOutcome;
import com.evalops.workflows.approval.ApprovalPolicy;
import com.evalops.workflows.approval.ApprovalRequest;
import com.evalops.workflows.approval.HumanWait;
import com.evalops.workflows.approval.Permission;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.config.ConfigReleaseStep;
import com.evalops.workflows.config.ConfigReleaseStep.ReleaseEnd;
import com.evalops.workflows.config.PreparedRelease;
import com.evalops.workflows.incident.IncidentJournal.Entry;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Seed §3 step 5: decide the mitigation. On-call proposes one by the proposal deadline; once
 * approved, it is applied as a new config version. Without a proposal, or when the approvers say
 * no, the decision is "no change".
 */
final class MitigationStage {
  static final String REQUEST = "mitigation";

  private final IncidentContext incident;
  private final IncidentJournal journal;
  private final EvaluationStage evaluation;
  private final IncidentApprovals approvals;
  private final IncidentReleases releases;
  private MitigationProposal mitigation;
  private PreparedRelease proposedRelease;
  private int proposals;
  private String decision = "no change: no mitigation proposed";

  MitigationStage(
      IncidentContext incident,
      EvaluationStage evaluation,
      IncidentApprovals approvals,
      IncidentReleases releases) {
    this.incident = incident;
    this.journal = incident.journal();
    this.evaluation = evaluation;
    this.approvals = approvals;
    this.releases = releases;
  }

  /** The decision as the Decision Log and the report state it. */
  String decision() {
    return decision;
  }

  void decide() {
    if (incident.typedReleases()) {
      decideTypedChange();
    } else {
      decideByKind();
    }
  }

  /** Incidents opened before typed releases: a kind and details, applied by the incident store. */
  private void decideByKind() {
    if (!awaitProposal(
        () -> mitigation != null, "disable_templates, adjust_thresholds or rollback", "")) {
      return;
    }
    journal.enter(IncidentStep.MITIGATION_APPROVAL);
    ApprovalOutcome outcome = approvals.await(REQUEST);
    if (outcome != ApprovalOutcome.APPROVED) {
      decision = "no change: mitigation " + outcome.name().toLowerCase(Locale.ROOT);
      journal.record(
          Entry.of(decision)
              .memo(
                  "mitigation",
                  "no_change: "
                      + mitigation.kind()
                      + " "
                      + outcome.name().toLowerCase(Locale.ROOT)));
      return;
    }
    journal.enter(IncidentStep.APPLYING);
    journal.stopWaiting();
    ConfigInForce config = incident.config();
    String applying = mitigation.kind() + " mitigation on config " + config.version();
    journal.show("applying the approved " + applying);
    String version =
        incidents("apply " + applying)
            .applyMitigation(
                new MitigationChange(
                    incident.id(),
                    REQUEST,
                    mitigation.kind(),
                    mitigation.details(),
                    config.version(),
                    approvals.approvers(REQUEST)));
    config.moveTo(version);
    decision =
        "applied: " + mitigation.kind() + " (" + mitigation.details() + ") as config " + version;
    journal.record(
        Entry.of(decision)
            // The kind only: the details are on-call's free text.
            .memo("mitigation", "applied " + mitigation.kind(), "config_version", version)
            .notify("decision", "oncall", "incident " + incident.id(), decision));
  }

  /**
   * Typed mitigations: each proposal is validated and prepared when it arrives; a release that
   * cannot be applied (gate refused, store refused) sends the incident back here with the reason,
   * the safe-mode hold kept. Rejected or expired approvals end with "no change".
   */
  private void decideTypedChange() {
    String refusedBefore = "";
    while (true) {
      proposedRelease = null;
      mitigation = null;
      if (!awaitProposal(
          () -> proposedRelease != null,
          "a typed change (set_threshold, disable_template, enable_template, set_model,"
              + " set_prompt, rollback_to)",
          refusedBefore)) {
        return;
      }
      PreparedRelease release = proposedRelease;
      String requestId = requestId(proposals);
      ReleaseEnd end =
          releases.release(
              release,
              requestId,
              approvals.proposer(requestId).orElse(mitigation.actor().id()),
              mitigation.details(),
              IncidentStep.MITIGATION_APPROVAL);
      if (end.version() != null) {
        incident.config().moveTo(end.version());
        decision = "applied: " + release.change().describe() + " as config " + end.version();
        journal.record(
            Entry.of(decision)
                .memo(
                    "mitigation",
                    "applied " + release.change().describe(),
                    "config_version",
                    end.version())
                .notify("decision", "oncall", "incident " + incident.id(), decision));
        return;
      }
      if (end.approversSaidNo()) {
        decision = "no change: mitigation " + end.reason();
        journal.record(Entry.of(decision).memo("mitigation", "no_change: " + end.reason()));
        return;
      }
      incident.finding(
          "mitigation " + release.change().describe() + " not applied: " + end.reason());
      journal.record("mitigation not applied, back to the proposal: " + end.reason());
      refusedBefore = "; the last proposal was not applied: " + end.reason();
    }
  }

  /**
   * Waits for on-call's proposal until the proposal deadline, reminding on the way.
   *
   * @param proposed whether the proposal arrived
   * @param kinds what on-call may propose, as the request names it
   * @param refusedBefore why the last proposal was not applied, or empty
   * @return false, with "no change" recorded, when none came by the deadline
   */
  private boolean awaitProposal(BooleanSupplier proposed, String kinds, String refusedBefore) {
    IncidentSettings settings = incident.settings();
    String incidentId = incident.id();
    journal.enter(IncidentStep.MITIGATION_PROPOSAL);
    Instant deadline = now().plus(settings.proposalDeadline());
    journal.waitFor("a mitigation proposal", Set.of(Role.ONCALL), deadline);
    journal.show(
        "waiting for on-call to propose a mitigation (golden "
            + evaluation.goldenVerdict()
            + refusedBefore
            + "), until "
            + deadline);
    journal.notify(
        "proposal_requested",
        "oncall",
        "propose a mitigation for incident " + incidentId,
        "golden verdict "
            + evaluation.goldenVerdict()
            + " (report "
            + evaluation.goldenArtifact()
            + ")"
            + refusedBefore
            + "; "
            + kinds
            + " until "
            + deadline);
    HumanWait.Outcome waited =
        HumanWait.await(
            proposed,
            HumanWait.Schedule.reminders(deadline, now(), settings.approvalReminderInterval()),
            () -> {},
            notice ->
                journal.notify(
                    notice.kind(),
                    "oncall",
                    "incident " + incidentId + " waits for a mitigation proposal",
                    "until " + deadline));
    if (waited == HumanWait.Outcome.DONE) {
      return true;
    }
    decision = "no change: no mitigation proposed by " + deadline;
    journal.record(
        Entry.of(decision)
            .memo("mitigation", "no_change: none proposed")
            .notify("decision", "oncall", "incident " + incidentId, decision));
    return false;
  }

  void validate(MitigationProposal proposal) {
    IncidentContext.requireRole(
        proposal == null ? null : proposal.actor(),
        Permission.PROPOSE_MITIGATION,
        "proposing a mitigation");
    if (mitigation != null) {
      throw new IllegalStateException(
          "a mitigation is already proposed by " + mitigation.actor().id());
    }
    if (!journal.isAt(IncidentStep.MITIGATION_PROPOSAL)) {
      throw new IllegalStateException(
          "a mitigation is proposed after the evaluations, before the proposal deadline;"
              + " the incident is at step "
              + journal.step().wireName());
    }
    if (incident.typedReleases()) {
      incident.config().requireNotChecking(incident.id());
      if (proposal.operations().isEmpty()) {
        throw new IllegalArgumentException(
            "a mitigation is a typed change: at least one operation (one of "
                + ConfigOperation.OPS
                + "); free text is commentary only");
      }
      return;
    }
    if (!proposal.operations().isEmpty()) {
      throw new IllegalArgumentException(
          "incident "
              + incident.id()
              + " was opened before typed changes: propose with kind and details"
              + " (disable_templates, adjust_thresholds or rollback)");
    }
    if (!MitigationProposal.KINDS.contains(proposal.kind())) {
      throw new IllegalArgumentException(
          "unknown mitigation kind "
              + proposal.kind()
              + "; one of disable_templates, adjust_thresholds, rollback");
    }
    if (proposal.details().isBlank()) {
      throw new IllegalArgumentException("a mitigation needs details of the change");
    }
  }

  ProposalReceipt propose(MitigationProposal proposal) {
    if (incident.typedReleases()) {
      return proposeTypedChange(proposal);
    }
    StartRegressionRequest request = incident.request();
    IncidentSettings settings = incident.settings();
    List<String> reasons =
        MitigationRule.materialReasons(proposal, request.leadershipApprovalIntents());
    ApprovalPolicy policy =
        reasons.isEmpty() ? settings.oncallPolicy() : settings.leadershipPolicy();
    ApprovalRequest opened =
        ApprovalRequest.of(
            REQUEST,
            REQUEST,
            proposal.kind() + ": " + proposal.details(),
            proposal.actor().id(),
            now(),
            policy,
            Map.of(
                "kind", proposal.kind(),
                "material", reasons.isEmpty() ? "no" : String.join("; ", reasons),
                "golden_verdict", String.valueOf(evaluation.goldenVerdict()),
                "config_version", incident.config().version(),
                "report", String.valueOf(evaluation.goldenArtifact())));
    approvals.open(opened);
    mitigation = proposal;
    approvals.requested(
        opened,
        "approve mitigation for incident " + incident.id(),
        opened.summary()
            + (reasons.isEmpty() ? "" : " — material: " + String.join("; ", reasons))
            + "; until "
            + opened.deadline());
    return IncidentApprovals.receipt(opened, reasons);
  }

  private ProposalReceipt proposeTypedChange(MitigationProposal proposal) {
    proposals++;
    PreparedRelease prepared =
        incident
            .config()
            .checking(
                () ->
                    releases.prepare(
                        "mitigation-" + proposals, proposal.operations(), proposal.actor().id()));
    if (!prepared.valid()) {
      String reason = "mitigation refused: " + ConfigReleaseStep.problems(prepared);
      journal.record("refused proposeMitigation by " + proposal.actor().id() + ": " + reason);
      throw ConfigReleaseStep.refusal(reason, prepared);
    }
    mitigation = proposal;
    proposedRelease = prepared;
    String requestId = requestId(proposals);
    journal.record(
        "mitigation proposed by "
            + proposal.actor().id()
            + ": "
            + prepared.change().describe()
            + " on config "
            + prepared.change().baseVersion()
            + " (digest "
            + prepared.digest()
            + ", "
            + prepared.gate()
            + ")");
    if (prepared.gate() == ReleaseRules.Gate.IMMEDIATE) {
      releases.openApproval(requestId, prepared, proposal.actor().id(), proposal.details());
    }
    return releases.receipt(
        requestId,
        prepared,
        prepared.material(),
        approvals.isOpen(requestId) ? approvals.deadline(requestId) : null);
  }

  private static String requestId(int proposal) {
    return REQUEST + "-" + proposal;
  }
}
