package com.evalops.workflows.incident;

import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.audit.RunbookAudit;
import com.evalops.workflows.audit.RunbookSearchAttributes;
import com.evalops.workflows.config.ConfigReleaseStep;
import com.evalops.workflows.incident.IncidentJournal.Entry;
import com.evalops.workflows.notify.ApprovalNotice;
import com.evalops.workflows.runbook.DatasetSelection;
import com.evalops.workflows.runbook.EvaluationOutcome;
import com.evalops.workflows.runbook.EvaluationRunbookWorkflow;
import com.evalops.workflows.runbook.EvaluationSettings;
import com.evalops.workflows.runbook.StartEvaluationRequest;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed §3 step 4: run the harness on the labeled problem sample and on the golden set. Every
 * evaluation of the incident (this diagnosis, a release candidate's gate, the exit's rechecks) is a
 * child evaluation runbook, so each has its own Decision Log entry, artifacts and replayable
 * history, exactly as a run started by hand.
 */
final class EvaluationStage {
  static final String GOLDEN = "golden";
  private static final String SAMPLE = "sample";
  private static final String GATE = "gate";

  private final IncidentContext incident;
  private final IncidentJournal journal;
  private final LabelingStage labeling;
  private final List<EvaluationSummary> evaluations = new ArrayList<>();
  // The diagnosis's golden run: its verdict and report are the evidence approvers see.
  private EvaluationOutcome golden;
  private int gateRuns;

  EvaluationStage(IncidentContext incident, LabelingStage labeling) {
    this.incident = incident;
    this.journal = incident.journal();
    this.labeling = labeling;
  }

  /** The labeled part of {@code sample}, if any, then the golden set, under {@link #diagnosed}. */
  void diagnose(ProblemSample sample) {
    journal.enter(IncidentStep.EVALUATING);
    journal.stopWaiting();
    if (labeling.labeledTickets() > 0) {
      journal.show("writing the labeled sample " + sample.sampleId());
      String ref = labeling.writeLabeledSample(sample);
      String scored = diagnosed();
      EvaluationOutcome sampled = run(SAMPLE, DatasetSelection.sample(ref), scored);
      add(SAMPLE, SAMPLE, scored, sampled);
      reportUnsafeAnswers(sampled, diagnosed());
    }
    String scored = diagnosed();
    golden = run(GOLDEN, goldenSet(), scored);
    add(GOLDEN, GOLDEN, scored, golden);
    journal.record(
        Entry.of()
            .upsert(RunbookSearchAttributes.VERDICT.valueSet(goldenVerdict()))
            .memo(
                "sample_verdict",
                evaluations.size() > 1 ? evaluations.get(0).verdict() : null,
                "golden_verdict",
                goldenVerdict(),
                "golden_report",
                goldenArtifact()));
  }

  /**
   * The config the diagnosis scores. The problem tickets were answered under the config at alarm
   * time; scoring them under the safe-mode hold (route-only) would hide the fault the alarm
   * reported. Incidents opened before computed evidence scored the config in force.
   */
  private String diagnosed() {
    return incident.computedEvidence()
        ? incident.request().configVersion()
        : incident.config().version();
  }

  /**
   * Answers the router sent by itself to problem tickets the labelers say are not Tier 2: the fault
   * an alarm usually reports. The gates of data-contract §8 judge eligibility on the router's own
   * prediction, so the verdict can stay PASS; the incident names them as a finding.
   */
  private void reportUnsafeAnswers(EvaluationOutcome sample, String scored) {
    if (!incident.computedEvidence() || sample.unsafeAutomations() == null) {
      return;
    }
    long unsafe = sample.unsafeAutomations();
    if (unsafe > 0) {
      incident.finding(
          "sample evaluation "
              + sample.runId()
              + " under config "
              + scored
              + " (the config at alarm time): "
              + unsafe
              + " automated answer(s) to problem tickets the labelers say are not Tier 2"
              + " (unsafe_automations in its metrics); verdict "
              + sample.verdict()
              + ", as the gates judge eligibility on the router's prediction");
    }
  }

  /** The golden evaluation of a release candidate (config-releases §2). */
  ConfigReleaseStep.CandidateEvaluation gate(String candidateVersion) {
    EvaluationSummary gate =
        evaluate(GATE + "-" + (++gateRuns), GOLDEN, goldenSet(), candidateVersion);
    return new ConfigReleaseStep.CandidateEvaluation(gate.runId(), gate.verdict());
  }

  /**
   * A child evaluation runbook, kept among the incident's evaluations.
   *
   * @param name the child run's suffix: the run id is the incident id and this name
   * @param dataset what the summary records: {@code sample}, {@code golden} or {@code recheck}
   * @param scoredVersion the config the router runs under: in force, or a release candidate
   */
  EvaluationSummary evaluate(
      String name, String dataset, DatasetSelection selection, String scoredVersion) {
    return add(name, dataset, scoredVersion, run(name, selection, scoredVersion));
  }

  DatasetSelection goldenSet() {
    return DatasetSelection.golden(incident.request().goldenVersion());
  }

  private EvaluationOutcome run(String name, DatasetSelection selection, String scoredVersion) {
    String runId = runId(name);
    String evaluating =
        name + " evaluation for " + incident.request().scope() + " under config " + scoredVersion;
    journal.show(evaluating + " in " + WorkflowIds.evaluation(runId));
    EvaluationRunbookWorkflow evaluation =
        Workflow.newChildWorkflowStub(
            EvaluationRunbookWorkflow.class,
            RunbookAudit.child(WorkflowIds.evaluation(runId), evaluating));
    EvaluationOutcome outcome =
        evaluation.run(
            new StartEvaluationRequest(
                runId,
                IncidentContext.KIND,
                selection,
                scoredVersion,
                null,
                incident.request().openedBy().id(),
                false,
                EvaluationSettings.defaults().reportOnly()));
    journal.record(name + " evaluation " + runId + ": " + outcome.verdict());
    return outcome;
  }

  private EvaluationSummary add(
      String name, String dataset, String scoredVersion, EvaluationOutcome outcome) {
    EvaluationSummary summary =
        new EvaluationSummary(
            runId(name), dataset, scoredVersion, outcome.verdict(), outcome.artifactLocation());
    evaluations.add(summary);
    return summary;
  }

  private String runId(String name) {
    return incident.id() + "-" + name;
  }

  /** Every evaluation of the incident, in the order run or recorded. */
  List<EvaluationSummary> evaluations() {
    return evaluations;
  }

  /**
   * One that on-call ran outside the incident and recorded (incidents before computed evidence).
   */
  void recorded(EvaluationSummary evaluation) {
    evaluations.add(evaluation);
  }

  boolean isRecorded(String runId) {
    return evaluations.stream().anyMatch(e -> e.runId().equals(runId));
  }

  /** The diagnosis's golden verdict; null before it ran. */
  String goldenVerdict() {
    return golden == null ? null : golden.verdict();
  }

  String goldenArtifact() {
    return golden == null ? null : golden.artifactLocation();
  }

  /** The diagnosis's golden run as the approvers' evidence. */
  ApprovalNotice.Evidence goldenEvidence() {
    return golden == null
        ? new ApprovalNotice.Evidence(null, null, null, null, null, null, null, null)
        : new ApprovalNotice.Evidence(
            golden.verdict(),
            golden.accuracy(),
            golden.macroF1(),
            null,
            null,
            golden.tier0FalseNegatives(),
            golden.tier2Violations(),
            golden.artifactLocation());
  }
}
