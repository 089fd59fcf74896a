package com.evalops.workflows.incident;

import com.evalops.workflows.approval.ApprovalState;
import com.evalops.workflows.approval.LabelingState;
import com.evalops.workflows.approval.Role;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What the incident is doing now, for the {@code state()} query.
 *
 * @param incidentId the incident's own id (its workflow id and run-id prefix), which names its
 *     child runs, sample, releases and safe-mode hold; the workflow id for incidents opened before
 *     typed releases
 * @param step {@code opening}, {@code safe_mode}, {@code sampling}, {@code labeling}, {@code
 *     evaluating}, {@code mitigation_proposal}, {@code release_gate} (the candidate's golden
 *     evaluation), {@code mitigation_approval}, {@code applying}, {@code safe_mode_exit}, {@code
 *     recheck} (gathering exit evidence: the golden recheck, a fresh production sample being
 *     labeled or scored), {@code exit_approval}, {@code closing}, {@code closed}
 * @param waitingFor what the step waits for, empty when it waits for nobody
 * @param waitingOn the roles that can act on it
 * @param until the deadline of that wait, or null without one
 * @param labeling the labeling book, null before the sample is pulled
 * @param approvals mitigation and safe-mode exit requests, votes, refusals and their decisions
 * @param exitUnmetConditions why safe mode cannot be left yet; empty when it can or is off
 * @param history each step taken, in order, with what it found
 * @param computedEvidence whether the incident computes its exit evidence (rechecks of its own, a
 *     daily QA run read back); false for incidents opened before, which took recorded evidence
 * @param rechecks the production-sample rechecks the incident ran, oldest first
 * @param qaWindow the daily QA run named as manual-QA window, as the incident read it back
 * @param closedLabeling the labeling books closed before {@code labeling} (the problem sample's
 *     when a recheck sample is being labeled), oldest first: who labeled what stays visible
 */
public record IncidentState(
    String incidentId,
    String scope,
    String step,
    String waitingFor,
    Set<Role> waitingOn,
    Instant until,
    boolean safeMode,
    String configVersion,
    List<AlarmNotice> alarms,
    LabelingState labeling,
    ApprovalState approvals,
    List<EvaluationSummary> evaluations,
    List<String> findings,
    List<String> exitUnmetConditions,
    List<String> history,
    boolean computedEvidence,
    List<ProductionRecheck> rechecks,
    QaWindowEvidence qaWindow,
    List<LabelingState> closedLabeling) {

  public IncidentState {
    alarms = List.copyOf(alarms);
    evaluations = List.copyOf(evaluations);
    findings = List.copyOf(findings);
    exitUnmetConditions = List.copyOf(exitUnmetConditions);
    history = List.copyOf(history);
    rechecks = rechecks == null ? List.of() : List.copyOf(rechecks);
    closedLabeling = closedLabeling == null ? List.of() : List.copyOf(closedLabeling);
  }
}
