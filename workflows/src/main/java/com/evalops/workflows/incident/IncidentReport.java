package com.evalops.workflows.incident;

import com.evalops.workflows.approval.Decision;
import java.util.List;

/**
 * How the incident ended.
 *
 * @param mitigation what was decided: {@code applied: …} or {@code no change: …}
 * @param configVersions every router-config version the incident went through, in order
 * @param decisions every vote, approval, expiry, label and refusal, as the books recorded them
 * @param decisionLogSeq the Decision Log entry that records the incident
 */
public record IncidentReport(
    String incidentId,
    String scope,
    List<AlarmNotice> alarms,
    boolean safeModeEntered,
    boolean safeModeOn,
    String mitigation,
    List<String> configVersions,
    List<EvaluationSummary> evaluations,
    List<String> findings,
    List<Decision> decisions,
    long decisionLogSeq) {

  public IncidentReport {
    alarms = List.copyOf(alarms);
    configVersions = List.copyOf(configVersions);
    evaluations = List.copyOf(evaluations);
    findings = List.copyOf(findings);
    decisions = List.copyOf(decisions);
  }
}
