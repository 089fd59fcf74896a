package com.evalops.workflows.cadence;

import com.evalops.harness.contract.RouterConfigFile;
import com.evalops.harness.recalibration.LowConfidenceCluster;
import com.evalops.harness.recalibration.NewIntentSignal;
import com.evalops.workflows.audit.DecisionLogActivities;
import com.evalops.workflows.audit.DecisionRecord;
import com.evalops.workflows.config.AppliedRelease;
import com.evalops.workflows.config.ApplyReleaseRequest;
import com.evalops.workflows.config.ConfigReleaseActivities;
import com.evalops.workflows.config.InMemoryConfigReleases;
import com.evalops.workflows.config.PrepareReleaseRequest;
import com.evalops.workflows.config.PreparedRelease;
import com.evalops.workflows.notify.NoticeLog;
import com.evalops.workflows.notify.Notification;
import com.evalops.workflows.notify.NotifierActivities;
import com.evalops.workflows.runbook.DatasetSelection;
import com.evalops.workflows.runbook.DatasetSnapshot;
import com.evalops.workflows.runbook.EvaluationActivities;
import com.evalops.workflows.runbook.FakeRunbookActivities;
import com.evalops.workflows.runbook.HarnessRun;
import com.evalops.workflows.runbook.RunHarnessRequest;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every port of the monthly calibration, answering with a fixed analysis and recording what the
 * workflow asked for: the in-memory release store of {@link InMemoryConfigReleases} starting at the
 * demo's v12, and a harness for the candidates' golden evaluations (PASS unless {@link
 * #verdictByModel} says otherwise). Notices are kept with the test server's time at which they were
 * sent, and in a {@link NoticeLog} that tests wait on.
 */
final class FakeCalibrationActivities
    implements CalibrationActivities,
        ProductionInputsActivities,
        DecisionLogActivities,
        NotifierActivities,
        ConfigReleaseActivities,
        EvaluationActivities {
  static final String ARTIFACT = "file:///data/calibration/monthly-2025-12/";

  record Notice(Instant at, Notification notification) {}

  final List<CalibrationQuery> queries = new CopyOnWriteArrayList<>();
  final List<ApplyProposalRequest> applied = new CopyOnWriteArrayList<>();
  final List<DecisionRecord> decisions = new CopyOnWriteArrayList<>();
  final List<Notice> notices = new CopyOnWriteArrayList<>();
  final NoticeLog sent = new NoticeLog();
  final List<ApplyReleaseRequest> released = new CopyOnWriteArrayList<>();
  final List<RunHarnessRequest> candidateRuns = new CopyOnWriteArrayList<>();
  final Map<String, String> verdictByModel = new ConcurrentHashMap<>();
  final InMemoryConfigReleases releases =
      new InMemoryConfigReleases(
          RouterConfigFile.load(Path.of("../datasets/demo/configs/router-config-v12.json")));

  private final TestWorkflowEnvironment env;
  private final CalibrationSummary summary;

  FakeCalibrationActivities(TestWorkflowEnvironment env, CalibrationSummary summary) {
    this.env = env;
    this.summary = summary;
  }

  /** Nothing to change: the threshold in force is the recommended one, every template is fine. */
  static CalibrationSummary quiet() {
    return summary(0.85, List.of());
  }

  /** Disabling a template: customer-facing copy, so leadership decides (config-releases §3). */
  static CalibrationSummary oncallChange() {
    return summary(
        0.85,
        List.of(
            new TemplateChange(
                "password_reset_v1",
                "password_reset",
                false,
                false,
                "override rate 0.0807 ≥ 0.0500 over 706 tickets")));
  }

  /** Enabling a template: new customer copy, so leadership decides. */
  static CalibrationSummary materialChange() {
    return summary(
        0.88,
        List.of(
            new TemplateChange(
                "card_delivery_eta_v2",
                "card_delivery_eta",
                true,
                false,
                "would-be override rate 0.0100 < 0.0500 over 300 tickets")));
  }

  /**
   * Raising the global threshold: it moves leadership intents' thresholds, so leadership decides.
   */
  static CalibrationSummary thresholdOnly() {
    return summary(0.88, List.of());
  }

  private static CalibrationSummary summary(double recommended, List<TemplateChange> templates) {
    return new CalibrationSummary(
        "monthly-2025-12",
        "v12",
        "p7",
        "m3",
        "2025-12-01",
        10900,
        400,
        3000,
        0.85,
        recommended,
        "lowest threshold with precision ≥ 0.95",
        templates,
        List.of(new NewIntentSignal("crypto_question", 52)),
        240,
        List.of(new LowConfidenceCluster("crypto wallet", 12)),
        ARTIFACT);
  }

  @Override
  public CalibrationSummary analyze(CalibrationQuery query) {
    queries.add(query);
    return summary;
  }

  /** Only runs recorded before typed releases apply a proposal this way. */
  @Override
  public AppliedChange applyProposal(ApplyProposalRequest request) {
    applied.add(request);
    return new AppliedChange("v12", "v12-cal-2025-12", request.changeId(), List.of("changed"));
  }

  @Override
  public PreparedRelease prepare(PrepareReleaseRequest request) {
    return releases.prepare(request);
  }

  @Override
  public AppliedRelease apply(ApplyReleaseRequest request) {
    released.add(request);
    return releases.apply(request);
  }

  @Override
  public String inForce() {
    return releases.inForce();
  }

  @Override
  public DatasetSnapshot selectDataset(DatasetSelection selection) {
    return FakeRunbookActivities.golden(selection.goldenVersion());
  }

  @Override
  public HarnessRun runHarness(RunHarnessRequest request) {
    candidateRuns.add(request);
    String model = releases.version(request.configVersion()).modelVersion();
    return new FakeRunbookActivities(verdictByModel.getOrDefault(model, "PASS"))
        .runHarness(request);
  }

  @Override
  public ProductionInputs productionInputs() {
    return new ProductionInputs("v12", "v2", "weekly-2025-W51");
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
    notices.add(new Notice(Instant.ofEpochMilli(env.currentTimeMillis()), notification));
    sent.add(notification);
  }
}
