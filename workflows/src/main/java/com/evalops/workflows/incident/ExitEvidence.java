package com.evalops.workflows.incident;

import com.evalops.harness.release.ConfigOperation;
import com.evalops.workflows.RunbookActivityOptions;
import com.evalops.workflows.approval.LabelingProgress;
import com.evalops.workflows.approval.Permission;
import com.evalops.workflows.audit.RunbookAudit;
import com.evalops.workflows.audit.RunbookSearchAttributes;
import com.evalops.workflows.config.ConfigReleaseStep;
import com.evalops.workflows.config.PreparedRelease;
import com.evalops.workflows.incident.IncidentJournal.Entry;
import com.evalops.workflows.runbook.DatasetSelection;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the safe-mode exit is judged on (seed §3 step 6, {@link SafeModeExitRule}): metrics stable
 * under the config in force and manual QA clean over a sample window. Incidents with computed
 * evidence (config-releases.md §6) gather it themselves: a golden recheck and fresh production
 * samples after the mitigation, and a named daily QA run read back from Temporal. Older incidents
 * took evaluations and QA windows that on-call recorded.
 */
final class ExitEvidence {
  private static final String RECHECK = "recheck";
  private static final Set<String> VERDICTS = Set.of("STOP", "INVESTIGATE", "REVIEW", "PASS");

  private final IncidentContext incident;
  private final IncidentJournal journal;
  private final SafeModeStage safeMode;
  private final LabelingStage labeling;
  private final EvaluationStage evaluation;
  private final IncidentReleases releases;
  private final List<ProductionRecheck> rechecks = new ArrayList<>();
  private QaWindow qaWindow;
  private QaWindowEvidence qaEvidence;
  private int recheckRounds;
  private int goldenRechecks;
  // Rechecks on-call asked for and the incident has not run yet.
  private int rechecksAsked;
  // Rechecks the incident runs on its own under the config in force, reset when it moves.
  private int automaticRechecksLeft;
  private String automaticRechecksFor;

  ExitEvidence(
      IncidentContext incident,
      SafeModeStage safeMode,
      LabelingStage labeling,
      EvaluationStage evaluation,
      IncidentReleases releases) {
    this.incident = incident;
    this.journal = incident.journal();
    this.safeMode = safeMode;
    this.labeling = labeling;
    this.evaluation = evaluation;
    this.releases = releases;
  }

  /**
   * Before typed releases the labeled problem sample is the first QA window. With typed releases it
   * is not: it was labeled before the mitigation and says nothing of the config that follows
   * (config-releases §6).
   */
  void problemSampleLabeled(ProblemSample sample, LabelingProgress progress) {
    if (!incident.typedReleases()) {
      qaWindow =
          new QaWindow(
              sample.sampleId(), progress.labeledTickets(), progress.safetyViolations().size());
    }
  }

  List<String> unmetConditions() {
    IncidentSettings settings = incident.settings();
    ConfigInForce config = incident.config();
    if (incident.computedEvidence()) {
      return SafeModeExitRule.unmetComputedConditions(
          evaluation.evaluations(),
          rechecks,
          config.version(),
          settings.stableEvaluationsRequired(),
          qaEvidence,
          config.since(),
          settings.qaTeamCorrectness(),
          settings.qaTemplateCorrectness());
    }
    return SafeModeExitRule.unmetConditions(
        evaluation.evaluations(), config.version(), settings.stableEvaluationsRequired(), qaWindow);
  }

  ExitReadiness readiness() {
    String configVersion = incident.config().version();
    return new ExitReadiness(
        incident.computedEvidence()
            ? SafeModeExitRule.consecutiveRecheckPasses(rechecks, configVersion)
            : consecutivePasses(),
        incident.settings().stableEvaluationsRequired(),
        unmetConditions());
  }

  /** Passing golden evaluations in a row under the config in force (recorded evidence). */
  int consecutivePasses() {
    return SafeModeExitRule.consecutivePasses(
        evaluation.evaluations(), incident.config().version());
  }

  /** The QA window recorded last; incidents before computed evidence only. */
  QaWindow qaWindow() {
    return qaWindow;
  }

  /** The daily QA run named as QA window, as read back; computed evidence only. */
  QaWindowEvidence qaEvidence() {
    return qaEvidence;
  }

  /** The production-sample rechecks run, oldest first. */
  List<ProductionRecheck> rechecks() {
    return rechecks;
  }

  // --- evidence the incident computes (config-releases.md §6) ----------------------------------

  /**
   * Runs the next piece of exit evidence the incident needs under the config in force: the golden
   * recheck (once per config: the golden set is deterministic, a repeat adds nothing), then fresh
   * production samples until enough pass in a row, and any recheck on-call asked for.
   *
   * @return whether it ran something, so the caller looks again before waiting; false for incidents
   *     that do not compute their evidence
   */
  boolean gather() {
    if (!incident.computedEvidence()) {
      return false;
    }
    ConfigInForce config = incident.config();
    config.follow();
    int required = incident.settings().stableEvaluationsRequired();
    if (!config.version().equals(automaticRechecksFor)) {
      automaticRechecksFor = config.version();
      automaticRechecksLeft = required;
    }
    if (!SafeModeExitRule.hasGoldenUnder(evaluation.evaluations(), config.version())) {
      runGoldenRecheck();
      return true;
    }
    if (rechecksAsked > 0) {
      rechecksAsked--;
      runProductionRecheck();
      return true;
    }
    if (automaticRechecksLeft > 0
        && SafeModeExitRule.consecutiveRecheckPasses(rechecks, config.version()) < required) {
      automaticRechecksLeft--;
      runProductionRecheck();
      return true;
    }
    return false;
  }

  /** Whether {@link #gather} has something to run; reads state only (a wait condition). */
  boolean workPending() {
    if (!incident.computedEvidence()) {
      return false;
    }
    String configVersion = incident.config().version();
    if (rechecksAsked > 0
        || !SafeModeExitRule.hasGoldenUnder(evaluation.evaluations(), configVersion)) {
      return true;
    }
    boolean automatic = !configVersion.equals(automaticRechecksFor) || automaticRechecksLeft > 0;
    return automatic
        && SafeModeExitRule.consecutiveRecheckPasses(rechecks, configVersion)
            < incident.settings().stableEvaluationsRequired();
  }

  private void runGoldenRecheck() {
    journal.enter(IncidentStep.RECHECK);
    journal.stopWaiting();
    EvaluationSummary golden =
        evaluation.evaluate(
            RECHECK + "-golden-" + (++goldenRechecks),
            EvaluationStage.GOLDEN,
            evaluation.goldenSet(),
            incident.config().version());
    if (!golden.isGoldenPass()) {
      incident.finding(
          "golden recheck "
              + golden.runId()
              + " under config "
              + incident.config().version()
              + " is "
              + golden.verdict()
              + ": metrics cannot be stable under this config");
    }
  }

  /**
   * One recheck of fresh production tickets of the scope: drawn, labeled, and scored under the
   * config the exit would make current (the config in force without this incident's hold), so the
   * route-only hold does not hide what it hides from customers.
   */
  private void runProductionRecheck() {
    int round = ++recheckRounds;
    journal.enter(IncidentStep.RECHECK);
    journal.stopWaiting();
    String incidentId = incident.id();
    String runId = incidentId + "-" + RECHECK + "-" + round;
    ProblemSample sample;
    try {
      sample = labeling.pullRecheckSample(round);
    } catch (ActivityFailure e) {
      incident.finding("recheck " + round + " drew no sample: " + IncidentContext.rootMessage(e));
      automaticRechecksLeft = 0;
      rechecksAsked = 0;
      return;
    }
    journal.record(
        "recheck "
            + round
            + ": sampled "
            + sample.ticketIds().size()
            + " fresh tickets of "
            + incident.request().scope()
            + " as "
            + sample.sampleId());
    LabelingProgress progress =
        labeling.label(
            sample,
            "label "
                + sample.ticketIds().size()
                + " recheck tickets for incident "
                + incidentId
                + " (safe-mode exit evidence)");
    if (progress.labeledTickets() == 0) {
      rechecks.add(
          new ProductionRecheck(
              runId,
              sample.sampleId(),
              incident.config().version(),
              null,
              ProductionRecheck.NO_LABELS));
      incident.finding("recheck " + round + ": no labels by the deadline, no evidence either way");
      return;
    }
    String ref = labeling.writeLabeledSample(sample);
    String scored = exitCandidate(round);
    EvaluationSummary recheck =
        evaluation.evaluate(RECHECK + "-" + round, RECHECK, DatasetSelection.sample(ref), scored);
    rechecks.add(
        new ProductionRecheck(
            recheck.runId(),
            sample.sampleId(),
            incident.config().version(),
            scored,
            recheck.verdict()));
    if (!EvaluationSummary.PASS.equals(recheck.verdict())) {
      incident.finding(
          "recheck "
              + recheck.runId()
              + " of fresh tickets under config "
              + scored
              + " is "
              + recheck.verdict());
    }
  }

  /** The config this incident's exit would make current; the config in force without a hold. */
  private String exitCandidate(int round) {
    if (safeMode.holdScope() == null || !safeMode.isOn()) {
      return incident.config().version();
    }
    PreparedRelease candidate =
        releases.prepare(
            "exit-candidate-" + round,
            List.of(ConfigOperation.releaseSafeMode(safeMode.holdScope(), incident.id())),
            incident.request().openedBy().id());
    if (!candidate.valid() || candidate.candidateVersion() == null) {
      incident.finding(
          "recheck "
              + round
              + " scored the config in force: the exit candidate could not be prepared ("
              + ConfigReleaseStep.problems(candidate)
              + ")");
      // Read after the store answered: an update may have moved the config meanwhile.
      return incident.config().version();
    }
    return candidate.candidateVersion();
  }

  // --- evidence on-call records or names --------------------------------------------------------

  void validateRecordEvaluation(EvaluationNotice recorded) {
    IncidentContext.requireRole(
        recorded == null ? null : recorded.actor(),
        Permission.RECORD_EVALUATION,
        "recording an evaluation");
    if (incident.computedEvidence()) {
      throw new IllegalStateException(
          "incident "
              + incident.id()
              + " computes its own exit evidence: it evaluates the golden set under the config in"
              + " force and fresh production samples itself; a verdict sent by a client is not"
              + " evidence. Ask for one more recheck instead (requestRecheck)");
    }
    if (recorded.runId() == null || recorded.runId().isBlank()) {
      throw new IllegalArgumentException("an evaluation needs its run id");
    }
    if (evaluation.isRecorded(recorded.runId())) {
      throw new IllegalStateException("evaluation " + recorded.runId() + " is already recorded");
    }
    if (!VERDICTS.contains(recorded.verdict())) {
      throw new IllegalArgumentException(
          "unknown verdict " + recorded.verdict() + "; one of STOP, INVESTIGATE, REVIEW, PASS");
    }
    if (recorded.configVersion() == null || recorded.configVersion().isBlank()) {
      throw new IllegalArgumentException("an evaluation names the config it scored");
    }
  }

  ExitReadiness recordEvaluation(EvaluationNotice recorded) {
    if (incident.typedReleases()) {
      ConfigInForce config = incident.config();
      config.follow();
      if (!recorded.configVersion().equals(config.version())) {
        String reason =
            "evaluation "
                + recorded.runId()
                + " scored config "
                + recorded.configVersion()
                + "; exit evidence scores the config in force, "
                + config.version();
        journal.record("refused recordEvaluation by " + recorded.actor().id() + ": " + reason);
        throw ApplicationFailure.newNonRetryableFailure(reason, "NOT_IN_FORCE");
      }
    }
    evaluation.recorded(
        new EvaluationSummary(
            recorded.runId(),
            EvaluationStage.GOLDEN,
            recorded.configVersion(),
            recorded.verdict(),
            recorded.artifactLocation()));
    journal.record(
        Entry.of(
                "evaluation "
                    + recorded.runId()
                    + " recorded by "
                    + recorded.actor().id()
                    + ": "
                    + recorded.verdict()
                    + " under config "
                    + recorded.configVersion())
            .upsert(RunbookSearchAttributes.VERDICT.valueSet(recorded.verdict())));
    return readiness();
  }

  void validateRecordQaWindow(QaWindowNotice window) {
    IncidentContext.requireRole(
        window == null ? null : window.actor(), Permission.NAME_QA_WINDOW, "recording a QA window");
    if (incident.computedEvidence()) {
      if (window.dailyQaRunId() == null || window.dailyQaRunId().isBlank()) {
        throw new IllegalArgumentException(
            "name the daily QA run (dailyQaRunId): the incident reads its window back itself;"
                + " counts or a sample id sent by a client are not evidence");
      }
      if (!safeMode.isOn()) {
        throw new IllegalStateException("safe mode is not on for incident " + incident.id());
      }
      return;
    }
    if (window.labeledTickets() < 1
        || window.safetyViolations() < 0
        || window.safetyViolations() > window.labeledTickets()) {
      throw new IllegalArgumentException(
          "a QA window needs labeled tickets and at most that many safety violations");
    }
  }

  ExitReadiness recordQaWindow(QaWindowNotice window) {
    if (incident.computedEvidence()) {
      return verifyQaWindow(window);
    }
    qaWindow = new QaWindow(window.sampleId(), window.labeledTickets(), window.safetyViolations());
    journal.record(
        "QA window "
            + window.sampleId()
            + " recorded by "
            + window.actor().id()
            + ": "
            + window.safetyViolations()
            + " safety violation(s) in "
            + window.labeledTickets()
            + " tickets");
    if (window.safetyViolations() > 0) {
      incident.finding(
          window.safetyViolations() + " safety violation(s) in QA window " + window.sampleId());
    }
    return readiness();
  }

  /** Reads the named daily QA run back from Temporal and keeps it as the incident's QA window. */
  private ExitReadiness verifyQaWindow(QaWindowNotice window) {
    QaWindowEvidence evidence;
    try {
      evidence =
          RunbookAudit.activities(
                  QaWindowActivities.class,
                  RunbookActivityOptions.CHECK,
                  "daily QA " + window.dailyQaRunId() + " as QA window")
              .verifyDailyQa(window.dailyQaRunId());
    } catch (ActivityFailure e) {
      String reason = "QA window refused: " + IncidentContext.rootMessage(e);
      journal.record("refused recordQaWindow by " + window.actor().id() + ": " + reason);
      throw ApplicationFailure.newNonRetryableFailure(reason, "QA_WINDOW_UNVERIFIED");
    }
    incident.config().follow();
    qaEvidence = evidence;
    journal.record(
        "QA window: daily QA "
            + evidence.dailyQaRunId()
            + " named by "
            + window.actor().id()
            + ", read back: "
            + evidence.reviewed()
            + " of "
            + evidence.sampleSize()
            + " reviewed, "
            + evidence.safetyViolations()
            + " safety violation(s), team right "
            + evidence.teamCorrect()
            + ", template right "
            + evidence.templateCorrect()
            + ", started "
            + evidence.openedAt());
    if (evidence.safetyViolations() > 0) {
      incident.finding(
          evidence.safetyViolations()
              + " safety violation(s) in daily QA "
              + evidence.dailyQaRunId());
    }
    return readiness();
  }

  void validateRequestRecheck(RecheckRequest recheck) {
    IncidentContext.requireRole(
        recheck == null ? null : recheck.actor(),
        Permission.REQUEST_RECHECK,
        "asking for a recheck");
    if (!incident.computedEvidence()) {
      throw new IllegalStateException(
          "incident " + incident.id() + " was opened before the incident ran its own rechecks");
    }
    if (!safeMode.isOn()) {
      throw new IllegalStateException("safe mode is not on for incident " + incident.id());
    }
    if (!journal.isAt(IncidentStep.SAFE_MODE_EXIT, IncidentStep.RECHECK)) {
      throw new IllegalStateException(
          "rechecks are exit evidence, gathered after the mitigation decision; the incident is at"
              + " step "
              + journal.step().wireName());
    }
  }

  ExitReadiness requestRecheck(RecheckRequest recheck) {
    rechecksAsked++;
    journal.record(
        "recheck asked for by "
            + recheck.actor().id()
            + (recheck.comment().isBlank() ? "" : ": " + recheck.comment()));
    return readiness();
  }
}
