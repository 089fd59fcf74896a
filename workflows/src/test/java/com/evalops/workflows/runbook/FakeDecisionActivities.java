package com.evalops.workflows.runbook;

import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.RouterConfigFile;
import com.evalops.workflows.audit.DecisionLogActivities;
import com.evalops.workflows.audit.DecisionRecord;
import com.evalops.workflows.cadence.IncidentStarterActivities;
import com.evalops.workflows.cadence.OpenIncidentRequest;
import com.evalops.workflows.config.AppliedRelease;
import com.evalops.workflows.config.ApplyReleaseRequest;
import com.evalops.workflows.config.ConfigReleaseActivities;
import com.evalops.workflows.config.InMemoryConfigReleases;
import com.evalops.workflows.config.PrepareReleaseRequest;
import com.evalops.workflows.config.PreparedRelease;
import com.evalops.workflows.notify.NoticeLog;
import com.evalops.workflows.notify.Notification;
import com.evalops.workflows.notify.NotifierActivities;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The evaluation runbook's ports for its decision step: the fixed harness of {@link
 * FakeRunbookActivities} (a config on model m5 evaluates STOP, so a rollback to the demo's v14 is
 * refused by the release gate), the in-memory release store of {@link InMemoryConfigReleases}
 * starting at the demo's v12 with v14 stored as {@value #ROLLBACK_TARGET}, an incident starter that
 * records what it was asked, and recording fakes for the Decision Log and the notifier.
 */
final class FakeDecisionActivities
    implements EvaluationActivities,
        DecisionLogActivities,
        NotifierActivities,
        ConfigReleaseActivities,
        IncidentStarterActivities {
  static final Path DEMO_CONFIGS = Path.of("../datasets/demo/configs");
  static final String ROLLBACK_TARGET = "v14-m5";
  static final String IN_FORCE = "v12";

  final List<DecisionRecord> decisions = new CopyOnWriteArrayList<>();
  final List<OpenIncidentRequest> incidents = new CopyOnWriteArrayList<>();
  final List<ApplyReleaseRequest> applied = new CopyOnWriteArrayList<>();
  final List<RunHarnessRequest> harnessRuns = new CopyOnWriteArrayList<>();
  final NoticeLog notices = new NoticeLog();
  final InMemoryConfigReleases releases =
      new InMemoryConfigReleases(
          RouterConfigFile.load(DEMO_CONFIGS.resolve("router-config-v12.json")));
  final Map<String, String> verdictByModel = new ConcurrentHashMap<>(Map.of("m5", "STOP"));
  private final FakeRunbookActivities harness;

  FakeDecisionActivities(FakeRunbookActivities harness) {
    this.harness = harness;
    releases.keep(
        RouterConfigFile.load(DEMO_CONFIGS.resolve("router-config-v14.json"))
            .withVersion(ROLLBACK_TARGET));
  }

  @Override
  public DatasetSnapshot selectDataset(DatasetSelection selection) {
    return harness.selectDataset(selection);
  }

  /**
   * The fixture's answer for the run under test (config v12); a candidate evaluates as its model's
   * verdict, PASS unless {@link #verdictByModel} says otherwise.
   */
  @Override
  public HarnessRun runHarness(RunHarnessRequest request) {
    harnessRuns.add(request);
    if (request.configVersion().equals(IN_FORCE)) {
      return harness.runHarness(request);
    }
    RouterConfig scored = releases.version(request.configVersion());
    return new FakeRunbookActivities(verdictByModel.getOrDefault(scored.modelVersion(), "PASS"))
        .runHarness(request);
  }

  @Override
  public long recordDecision(DecisionRecord decision) {
    decisions.add(decision);
    return decisions.size();
  }

  @Override
  public String acceptedBaseline(String goldenVersion) {
    return null;
  }

  @Override
  public void notify(Notification notification) {
    notices.add(notification);
  }

  @Override
  public PreparedRelease prepare(PrepareReleaseRequest request) {
    return releases.prepare(request);
  }

  @Override
  public AppliedRelease apply(ApplyReleaseRequest request) {
    applied.add(request);
    return releases.apply(request);
  }

  @Override
  public String inForce() {
    return releases.inForce();
  }

  @Override
  public String openIncident(OpenIncidentRequest request) {
    incidents.add(request);
    return "regression-all";
  }

  /** The decision the runbook logged, once it is done. */
  DecisionRecord decision() {
    return decisions.stream()
        .filter(d -> d.entryId().equals("evaluation-run-7/decision"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no decision logged: " + decisions));
  }
}
