package com.evalops.workflows.cadence;

import com.evalops.harness.recalibration.LowConfidenceCluster;
import com.evalops.harness.recalibration.NewIntentSignal;
import com.evalops.workflows.ErrorType;
import com.evalops.workflows.audit.DecisionLogActivities;
import com.evalops.workflows.audit.DecisionRecord;
import com.evalops.workflows.notify.Notification;
import com.evalops.workflows.notify.NotifierActivities;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every port of the monthly calibration, answering with a fixed analysis and recording what the
 * workflow asked for; notices are kept with the test server's time at which they were sent.
 */
final class FakeCalibrationActivities
    implements CalibrationActivities,
        ProductionInputsActivities,
        DecisionLogActivities,
        NotifierActivities {
  static final String ARTIFACT = "file:///data/calibration/monthly-2025-12/";

  record Notice(Instant at, Notification notification) {}

  final List<CalibrationQuery> queries = new CopyOnWriteArrayList<>();
  final List<ApplyProposalRequest> applied = new CopyOnWriteArrayList<>();
  final List<DecisionRecord> decisions = new CopyOnWriteArrayList<>();
  final List<Notice> notices = new CopyOnWriteArrayList<>();

  /** Set when the config in force changed while the proposal waited for approval. */
  volatile boolean configMoved;

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

  /** Disabling a template of an intent on-call may change. */
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

  @Override
  public AppliedChange applyProposal(ApplyProposalRequest request) {
    if (configMoved) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the config in force moved from v12 to v13", ErrorType.CONFLICT.name());
    }
    applied.add(request);
    return new AppliedChange("v12", "v12-cal-2025-12", request.changeId(), List.of("changed"));
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
  }
}
