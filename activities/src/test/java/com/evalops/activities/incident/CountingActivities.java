package com.evalops.activities.incident;

import com.evalops.workflows.audit.DecisionLogActivities;
import com.evalops.workflows.audit.DecisionRecord;
import com.evalops.workflows.config.AppliedRelease;
import com.evalops.workflows.config.ApplyReleaseRequest;
import com.evalops.workflows.config.ConfigReleaseActivities;
import com.evalops.workflows.config.PrepareReleaseRequest;
import com.evalops.workflows.config.PreparedRelease;
import com.evalops.workflows.incident.IncidentActivities;
import com.evalops.workflows.incident.LabeledSampleRequest;
import com.evalops.workflows.incident.MitigationChange;
import com.evalops.workflows.incident.ProblemSample;
import com.evalops.workflows.incident.ProblemTicketQuery;
import com.evalops.workflows.incident.RecheckSampleQuery;
import com.evalops.workflows.incident.SafeModeChange;
import com.evalops.workflows.notify.Notification;
import com.evalops.workflows.notify.NotifierActivities;
import com.evalops.workflows.runbook.DatasetSelection;
import com.evalops.workflows.runbook.DatasetSnapshot;
import com.evalops.workflows.runbook.EvaluationActivities;
import com.evalops.workflows.runbook.HarnessRun;
import com.evalops.workflows.runbook.RunHarnessRequest;
import java.util.List;

/**
 * The real activities of one worker, each call noted as {@code worker:Activity(subject)} in a list
 * shared by every worker of a test, so the test sees which worker ran what and whether anything ran
 * twice.
 */
final class CountingActivities
    implements IncidentActivities,
        ConfigReleaseActivities,
        EvaluationActivities,
        DecisionLogActivities,
        NotifierActivities {
  private final String worker;
  private final List<String> calls;
  private final IncidentActivities incidents;
  private final ConfigReleaseActivities releases;
  private final EvaluationActivities evaluations;
  private final DecisionLogActivities decisionLog;
  private final NotifierActivities notifier;

  CountingActivities(
      String worker,
      List<String> calls,
      IncidentActivities incidents,
      ConfigReleaseActivities releases,
      EvaluationActivities evaluations,
      DecisionLogActivities decisionLog,
      NotifierActivities notifier) {
    this.worker = worker;
    this.calls = calls;
    this.incidents = incidents;
    this.releases = releases;
    this.evaluations = evaluations;
    this.decisionLog = decisionLog;
    this.notifier = notifier;
  }

  @Override
  public String setSafeMode(SafeModeChange change) {
    note("SetSafeMode", change.on() ? "on" : "off");
    return incidents.setSafeMode(change);
  }

  @Override
  public ProblemSample pullProblemTickets(ProblemTicketQuery query) {
    note("PullProblemTickets", query.scope());
    return incidents.pullProblemTickets(query);
  }

  @Override
  public ProblemSample pullRecheckSample(RecheckSampleQuery query) {
    note("PullRecheckSample", query.scope() + " " + query.round());
    return incidents.pullRecheckSample(query);
  }

  @Override
  public String writeLabeledSample(LabeledSampleRequest request) {
    note("WriteLabeledSample", request.sampleId());
    return incidents.writeLabeledSample(request);
  }

  @Override
  public String applyMitigation(MitigationChange change) {
    note("ApplyMitigation", change.requestId());
    return incidents.applyMitigation(change);
  }

  @Override
  public String inForce() {
    note("ConfigInForce", "");
    return releases.inForce();
  }

  @Override
  public PreparedRelease prepare(PrepareReleaseRequest request) {
    note("PrepareConfigRelease", request.releaseId());
    return releases.prepare(request);
  }

  @Override
  public AppliedRelease apply(ApplyReleaseRequest request) {
    note("ApplyConfigRelease", request.releaseId());
    return releases.apply(request);
  }

  @Override
  public DatasetSnapshot selectDataset(DatasetSelection selection) {
    note("SelectDataset", selection.kind());
    return evaluations.selectDataset(selection);
  }

  @Override
  public HarnessRun runHarness(RunHarnessRequest request) {
    note("RunHarness", request.runId());
    return evaluations.runHarness(request);
  }

  @Override
  public long recordDecision(DecisionRecord decision) {
    note("RecordDecision", decision.entryId());
    return decisionLog.recordDecision(decision);
  }

  @Override
  public String acceptedBaseline(String goldenVersion) {
    note("AcceptedBaseline", goldenVersion);
    return decisionLog.acceptedBaseline(goldenVersion);
  }

  @Override
  public void notify(Notification notification) {
    note("Notify", notification.kind() + " " + notification.title() + ": " + notification.text());
    notifier.notify(notification);
  }

  private void note(String activity, String subject) {
    calls.add(worker + ":" + activity + "(" + subject + ")");
  }
}
