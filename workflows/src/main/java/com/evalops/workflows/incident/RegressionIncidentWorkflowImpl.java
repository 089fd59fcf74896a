package com.evalops.workflows.incident;

import static com.evalops.workflows.incident.IncidentContext.now;

import com.evalops.workflows.RunbookActivityOptions;
import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.approval.Decision;
import com.evalops.workflows.approval.HumanStepsState;
import com.evalops.workflows.approval.LabelingProgress;
import com.evalops.workflows.approval.RefusalNotice;
import com.evalops.workflows.approval.RequestState;
import com.evalops.workflows.approval.SubmitLabelRequest;
import com.evalops.workflows.approval.VoteRequest;
import com.evalops.workflows.audit.DecisionLogActivities;
import com.evalops.workflows.audit.DecisionRecord;
import com.evalops.workflows.audit.Participant;
import com.evalops.workflows.audit.RunbookAudit;
import com.evalops.workflows.audit.RunbookSearchAttributes;
import com.evalops.workflows.incident.IncidentJournal.Entry;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One production quality regression incident (seed §3), in the runbook's order: safe mode when harm
 * is possible ({@link SafeModeStage}), a labeled problem-ticket sample ({@link LabelingStage}), the
 * evaluation runbook on that sample and on the golden set ({@link EvaluationStage}), an approved
 * mitigation applied as a new config version ({@link MitigationStage}), and a safe-mode exit
 * granted only when {@link SafeModeExitRule} holds ({@link ExitEvidence}) and leadership agrees
 * ({@link SafeModeExitStage}). This class is the incident's Temporal surface: it runs the stages in
 * that order, hands each message to the stage it belongs to, and answers the queries; everything
 * the incident reports goes through its {@link IncidentJournal}.
 */
public class RegressionIncidentWorkflowImpl implements RegressionIncidentWorkflow {
  /**
   * Incidents opened from this version on change the config through typed releases
   * (config-releases.md): safe mode held per scope, typed mitigations with a digest-bound approval,
   * the release gate and compare-and-set. Older histories replay the kind-and-details path.
   */
  static final String TYPED_RELEASES = "typed-config-releases";

  /**
   * Incidents opened from this version on compute their exit evidence (config-releases.md §6): the
   * diagnosis scores the config at alarm time, the incident runs its own golden recheck and fresh
   * production-sample rechecks after the mitigation, and reads the named daily QA run back from
   * Temporal; no verdict or count a client sends is evidence. Older histories replay the recorded
   * evidence path.
   */
  static final String COMPUTED_EVIDENCE = "computed-exit-evidence";

  private static final Set<Decision.Type> VOTING_DECISIONS =
      EnumSet.of(
          Decision.Type.APPROVE_VOTE,
          Decision.Type.REJECT_VOTE,
          Decision.Type.APPROVED,
          Decision.Type.REJECTED,
          Decision.Type.EXPIRED);

  private final IncidentContext incident;
  private final IncidentJournal journal;
  private final IncidentApprovals approvals;
  private final List<AlarmNotice> alarms = new ArrayList<>();
  private final SafeModeStage safeMode;
  private final LabelingStage labeling;
  private final EvaluationStage evaluation;
  private final MitigationStage mitigation;
  private final ExitEvidence exitEvidence;
  private final SafeModeExitStage exit;

  @WorkflowInit
  public RegressionIncidentWorkflowImpl(StartRegressionRequest request) {
    incident = new IncidentContext(request);
    journal = incident.journal();
    labeling = new LabelingStage(incident);
    evaluation = new EvaluationStage(incident, labeling);
    approvals = new IncidentApprovals(incident, evaluation);
    IncidentReleases releases = new IncidentReleases(incident, approvals, evaluation);
    safeMode = new SafeModeStage(incident, releases);
    mitigation = new MitigationStage(incident, evaluation, approvals, releases);
    exitEvidence = new ExitEvidence(incident, safeMode, labeling, evaluation, releases);
    exit = new SafeModeExitStage(incident, safeMode, exitEvidence, approvals, releases);
  }

  @Override
  public IncidentReport run(StartRegressionRequest request) {
    open();
    safeMode.enableIfHarmPossible();
    ProblemSample sample = labeling.pullProblemSample();
    exitEvidence.problemSampleLabeled(sample, labeling.labelProblemSample(sample));
    evaluation.diagnose(sample);
    mitigation.decide();
    if (safeMode.isOn()) {
      exit.leaveSafeMode();
    }
    return close();
  }

  /** Reads the incident's code path from its history, then opens it for the UI and the audit. */
  private void open() {
    boolean typedReleases =
        Workflow.getVersion(TYPED_RELEASES, Workflow.DEFAULT_VERSION, 1)
            != Workflow.DEFAULT_VERSION;
    String incidentId = incident.id();
    boolean computedEvidence = false;
    if (typedReleases) {
      // The per-scope workflow id finds the open incident; this id is the incident's own. The run
      // id is recorded as a side effect so a replay (which may not know the run id) names the
      // same children.
      String runId = Workflow.sideEffect(String.class, () -> Workflow.getInfo().getRunId());
      incidentId = WorkflowIds.incident(Workflow.getInfo().getWorkflowId(), runId);
      computedEvidence =
          Workflow.getVersion(COMPUTED_EVIDENCE, Workflow.DEFAULT_VERSION, 1)
              != Workflow.DEFAULT_VERSION;
    }
    incident.begin(incidentId, typedReleases, computedEvidence);
    incident.config().watchFrom(now());
    StartRegressionRequest request = incident.request();
    String configVersion = incident.config().version();
    journal.record(
        Entry.of("opened by " + request.openedBy().id() + " for alarm " + request.alarmName())
            .upsert(
                RunbookSearchAttributes.RUNBOOK_KIND.valueSet(IncidentContext.KIND),
                RunbookSearchAttributes.INCIDENT_SCOPE.valueSet(request.scope()),
                RunbookSearchAttributes.SAFE_MODE.valueSet(false),
                RunbookSearchAttributes.CONFIG_VERSION.valueSet(configVersion))
            .memo(
                "kind",
                IncidentContext.KIND,
                "scope",
                request.scope(),
                "alarm",
                request.alarmName(),
                "config_version",
                configVersion,
                "golden_version",
                request.goldenVersion(),
                "safe_mode",
                "off"));
  }

  /** Records the decision in the Decision Log and answers the incident's report. */
  private IncidentReport close() {
    journal.enter(IncidentStep.CLOSING);
    journal.stopWaiting();
    StartRegressionRequest request = incident.request();
    String incidentId = incident.id();
    List<Participant> participants = new ArrayList<>();
    participants.add(
        new Participant(
            request.openedBy().id(),
            request.openedBy().roles().toString(),
            "opened",
            Instant.ofEpochMilli(Workflow.getInfo().getRunStartedTimestampMillis()),
            request.openedBy().channel(),
            "alarm " + request.alarmName()));
    for (Decision d : approvals.state().decisions()) {
      if (VOTING_DECISIONS.contains(d.type())) {
        participants.add(
            new Participant(
                d.actorId(),
                null,
                d.subject() + " " + d.type().name().toLowerCase(Locale.ROOT),
                d.at(),
                d.channel(),
                d.comment()));
      }
    }
    String decision =
        mitigation.decision()
            + (safeMode.wasEntered() ? "; safe mode entered and left" : "; safe mode not needed");
    journal.show("closing: recording the decision");
    String goldenVerdict = evaluation.goldenVerdict();
    String configVersion = incident.config().version();
    long seq =
        RunbookAudit.activities(
                DecisionLogActivities.class,
                RunbookActivityOptions.STORE,
                "decision log: regression incident "
                    + request.scope()
                    + ", golden "
                    + goldenVerdict)
            .recordDecision(
                new DecisionRecord(
                    incidentId + "/decision",
                    now(),
                    incidentId,
                    IncidentContext.KIND,
                    goldenVerdict,
                    decision,
                    participants,
                    incident.findings(),
                    evaluation.goldenArtifact(),
                    request.configVersion(),
                    configVersion.equals(request.configVersion()) ? null : configVersion,
                    request.goldenVersion(),
                    null));
    journal.record(
        Entry.of("decision log entry " + seq)
            .notify("decision", "oncall", "incident " + incidentId + " closed", decision));
    journal.enter(IncidentStep.CLOSED);
    journal.record(Entry.of().memo("decision_log", String.valueOf(seq)));
    journal.show(
        "closed: golden "
            + evaluation.goldenVerdict()
            + ", config "
            + incident.config().version()
            + (safeMode.wasEntered() ? ", safe mode entered and left" : ", safe mode not needed"));
    Workflow.await(Workflow::isEveryHandlerFinished);
    List<Decision> decisions = labeling.decisions();
    decisions.addAll(approvals.state().decisions());
    return new IncidentReport(
        incidentId,
        request.scope(),
        alarms,
        safeMode.wasEntered(),
        safeMode.isOn(),
        mitigation.decision(),
        incident.config().versions(),
        evaluation.evaluations(),
        incident.findings(),
        decisions,
        seq);
  }

  // --- messages -------------------------------------------------------------------------------

  @Override
  public void alarm(AlarmNotice notice) {
    alarms.add(notice);
    journal.record(
        (alarms.size() == 1 ? "alarm " : "alarm joined the open incident: ")
            + notice.alarmName()
            + " ("
            + notice.source()
            + ")");
  }

  @Override
  public void recordRefusal(RefusalNotice notice) {
    Instant now = now();
    if ("submitLabel".equals(notice.action()) && labeling.hasSample()) {
      labeling.refuse(notice.asLabel(), notice.reason(), now);
    } else {
      approvals.refuse(notice.asVote(), notice.reason(), now);
    }
    journal.record(
        "refused "
            + notice.action()
            + " by "
            + (notice.actor() == null ? "unknown" : notice.actor().id())
            + ": "
            + notice.reason());
  }

  @Override
  public void validateSubmitLabel(SubmitLabelRequest label) {
    labeling.validate(label);
  }

  @Override
  public LabelingProgress submitLabel(SubmitLabelRequest label) {
    return labeling.submit(label);
  }

  @Override
  public void validateProposeMitigation(MitigationProposal proposal) {
    mitigation.validate(proposal);
  }

  @Override
  public ProposalReceipt proposeMitigation(MitigationProposal proposal) {
    return mitigation.propose(proposal);
  }

  @Override
  public void validateVote(VoteRequest vote) {
    approvals.validate(vote);
  }

  @Override
  public RequestState vote(VoteRequest vote) {
    return approvals.vote(vote);
  }

  @Override
  public void validateRequestSafeModeExit(SafeModeExitRequest request) {
    exit.validate(request);
  }

  @Override
  public ProposalReceipt requestSafeModeExit(SafeModeExitRequest request) {
    return exit.request(request);
  }

  @Override
  public void validateRecordEvaluation(EvaluationNotice evaluation) {
    exitEvidence.validateRecordEvaluation(evaluation);
  }

  @Override
  public ExitReadiness recordEvaluation(EvaluationNotice evaluation) {
    return exitEvidence.recordEvaluation(evaluation);
  }

  @Override
  public void validateRecordQaWindow(QaWindowNotice window) {
    exitEvidence.validateRecordQaWindow(window);
  }

  @Override
  public ExitReadiness recordQaWindow(QaWindowNotice window) {
    return exitEvidence.recordQaWindow(window);
  }

  @Override
  public void validateRequestRecheck(RecheckRequest recheck) {
    exitEvidence.validateRequestRecheck(recheck);
  }

  @Override
  public ExitReadiness requestRecheck(RecheckRequest recheck) {
    return exitEvidence.requestRecheck(recheck);
  }

  // --- queries --------------------------------------------------------------------------------

  @Override
  public HumanStepsState humanSteps() {
    String waitingFor = journal.waitingFor();
    return new HumanStepsState(
        waitingFor == null || waitingFor.isBlank() ? null : waitingFor,
        true,
        approvals.state(),
        true,
        labeling.state(),
        labeling.sampleRef());
  }

  @Override
  public IncidentState state() {
    return new IncidentState(
        incident.id(),
        incident.request().scope(),
        journal.step().wireName(),
        journal.waitingFor(),
        journal.waitingOn(),
        journal.until(),
        safeMode.isOn(),
        incident.config().version(),
        alarms,
        labeling.state(),
        approvals.state(),
        evaluation.evaluations(),
        incident.findings(),
        safeMode.isOn() ? exitEvidence.unmetConditions() : List.of(),
        journal.history(),
        incident.computedEvidence(),
        exitEvidence.rechecks(),
        exitEvidence.qaEvidence(),
        labeling.closedBooks());
  }
}
