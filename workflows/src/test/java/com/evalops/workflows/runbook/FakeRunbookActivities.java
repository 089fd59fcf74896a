package com.evalops.workflows.runbook;

import com.evalops.workflows.audit.DecisionLogActivities;
import com.evalops.workflows.audit.DecisionRecord;
import com.evalops.workflows.audit.RunbookSearchAttributes;
import com.evalops.workflows.config.ConfigChangeActivities;
import com.evalops.workflows.config.ConfigChangeRequest;
import com.evalops.workflows.notify.Notification;
import com.evalops.workflows.notify.NotifierActivities;
import io.temporal.common.SearchAttributeKey;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fixed harness answers and recording fakes for the Decision Log and the notifier, for workflow
 * tests that exercise the workflow's own logic. Tests with the real activities live in the
 * activities module.
 */
public final class FakeRunbookActivities
    implements EvaluationActivities,
        DecisionLogActivities,
        NotifierActivities,
        ConfigChangeActivities {
  public final List<DecisionRecord> decisions = new CopyOnWriteArrayList<>();
  public final List<Notification> notices = new CopyOnWriteArrayList<>();
  public final List<RunHarnessRequest> harnessRequests = new CopyOnWriteArrayList<>();
  public final List<ConfigChangeRequest> configChanges = new CopyOnWriteArrayList<>();
  public final List<String> baselineLookups = new CopyOnWriteArrayList<>();
  private final String verdict;
  private String acceptedBaseline;
  private boolean safeMode;
  private Double recommendedThreshold;
  private List<String> templatesInViolations = List.of();

  public FakeRunbookActivities(String verdict) {
    this.verdict = verdict;
  }

  /** The harness will recommend this threshold. */
  public FakeRunbookActivities recommending(Double threshold) {
    this.recommendedThreshold = threshold;
    return this;
  }

  /** The harness will name these templates in Tier 2 violations. */
  public FakeRunbookActivities violating(List<String> templates) {
    this.templatesInViolations = List.copyOf(templates);
    return this;
  }

  /** The config under test will hold safe mode. */
  public FakeRunbookActivities underSafeMode() {
    this.safeMode = true;
    return this;
  }

  public static DatasetSnapshot golden(String version) {
    return new DatasetSnapshot("golden", version, "/data/golden/" + version, "ab".repeat(32), 1000);
  }

  /** Registers the runbooks' search attributes, as the engine does at start-up. */
  public static void registerSearchAttributes(TestWorkflowEnvironment env) {
    for (SearchAttributeKey<?> key : RunbookSearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), key.getValueType());
    }
  }

  @Override
  public DatasetSnapshot selectDataset(DatasetSelection selection) {
    return golden(selection.goldenVersion() == null ? "v2" : selection.goldenVersion());
  }

  @Override
  public HarnessRun runHarness(RunHarnessRequest request) {
    harnessRequests.add(request);
    return new HarnessRun(
        request.runId(),
        verdict,
        List.of(verdict + " because of the fixture"),
        request.dataset(),
        request.configVersion(),
        0.85,
        request.baselineRunId(),
        0.93,
        0.94,
        request.baselineRunId() == null ? null : -0.001,
        "STOP".equals(verdict) ? 3 : 0,
        0,
        "INVESTIGATE".equals(verdict) ? templatesInViolations.size() : 0,
        0,
        recommendedThreshold,
        templatesInViolations,
        "file:///data/runs/" + request.runId() + "/",
        safeMode);
  }

  @Override
  public long recordDecision(DecisionRecord decision) {
    decisions.add(decision);
    return decisions.size();
  }

  /** The Decision Log will name this run as the accepted baseline of every golden version. */
  public FakeRunbookActivities withAcceptedBaseline(String runId) {
    this.acceptedBaseline = runId;
    return this;
  }

  @Override
  public String acceptedBaseline(String goldenVersion) {
    baselineLookups.add(goldenVersion);
    return acceptedBaseline;
  }

  @Override
  public String apply(ConfigChangeRequest request) {
    configChanges.add(request);
    return request.baseVersion() + "." + configChanges.size();
  }

  @Override
  public void notify(Notification notification) {
    notices.add(notification);
  }
}
