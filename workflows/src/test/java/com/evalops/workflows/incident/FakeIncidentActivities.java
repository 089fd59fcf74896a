package com.evalops.workflows.incident;

import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.RouterConfigFile;
import com.evalops.workflows.audit.DecisionLogActivities;
import com.evalops.workflows.audit.DecisionRecord;
import com.evalops.workflows.config.AppliedRelease;
import com.evalops.workflows.config.ApplyReleaseRequest;
import com.evalops.workflows.config.ConfigReleaseActivities;
import com.evalops.workflows.config.InMemoryConfigReleases;
import com.evalops.workflows.config.PrepareReleaseRequest;
import com.evalops.workflows.config.PreparedRelease;
import com.evalops.workflows.notify.Notification;
import com.evalops.workflows.notify.NotifierActivities;
import com.evalops.workflows.runbook.DatasetSelection;
import com.evalops.workflows.runbook.DatasetSnapshot;
import com.evalops.workflows.runbook.EvaluationActivities;
import com.evalops.workflows.runbook.FakeRunbookActivities;
import com.evalops.workflows.runbook.HarnessRun;
import com.evalops.workflows.runbook.RunHarnessRequest;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

/**
 * A config store that counts versions (the kind-and-details path of older incidents) and the
 * in-memory release store of {@link InMemoryConfigReleases} starting at the demo's v12 (typed
 * releases), with the demo's v14 (model m5) stored for rollbacks; the harness answers STOP for a
 * config on model m5 and {@link #verdictFor} for chosen models, a ticket store with ten problem
 * tickets, the fixed harness of {@link FakeRunbookActivities}, and recording fakes for the Decision
 * Log and the notifier that note when each notice went out (test-server time).
 */
final class FakeIncidentActivities
    implements IncidentActivities,
        EvaluationActivities,
        DecisionLogActivities,
        NotifierActivities,
        ConfigReleaseActivities,
        QaWindowActivities {
  static final Path DEMO_CONFIGS = Path.of("../datasets/demo/configs");

  /** The demo's v14 (model m5, 55 Tier 0 misses), stored under this name for rollbacks. */
  static final String ROLLBACK_TARGET = "v14-m5";

  static final List<String> TICKETS =
      IntStream.rangeClosed(1, 10).mapToObj(i -> String.format("t%02d", i)).toList();

  /** A notice and when it went out, as an offset from the incident's start. */
  record Sent(Notification notice, Duration after) {}

  final List<String> calls = new CopyOnWriteArrayList<>();
  final List<SafeModeChange> safeModeChanges = new CopyOnWriteArrayList<>();
  final List<ProblemTicketQuery> problemQueries = new CopyOnWriteArrayList<>();
  final List<MitigationChange> applied = new CopyOnWriteArrayList<>();
  final List<DecisionRecord> decisions = new CopyOnWriteArrayList<>();
  final List<Sent> sent = new CopyOnWriteArrayList<>();
  final InMemoryConfigReleases releases =
      new InMemoryConfigReleases(
          RouterConfigFile.load(DEMO_CONFIGS.resolve("router-config-v12.json")));
  final Map<String, String> verdictByModel = new ConcurrentHashMap<>(Map.of("m5", "STOP"));

  /** Every apply the workflow asked for, in order. */
  final List<ApplyReleaseRequest> released = new CopyOnWriteArrayList<>();

  /** Verdicts for runs whose id ends so (e.g. {@code -recheck-1}), over the model's verdict. */
  final Map<String, String> verdictByRunSuffix = new ConcurrentHashMap<>();

  /** Daily QA runs the engine could read back, by workflow id. */
  final Map<String, QaWindowEvidence> dailyQaRuns = new ConcurrentHashMap<>();

  /** A failure the config store answers on the next apply, then forgets; null for none. */
  volatile String failNextApply;

  private final FakeRunbookActivities harness;
  private final TestWorkflowEnvironment env;
  private final Instant started;
  private int configVersion = 12;

  FakeIncidentActivities(TestWorkflowEnvironment env, String verdict) {
    this.env = env;
    this.harness = new FakeRunbookActivities(verdict);
    this.started = Instant.ofEpochMilli(env.currentTimeMillis());
    releases.keep(
        RouterConfigFile.load(DEMO_CONFIGS.resolve("router-config-v14.json"))
            .withVersion(ROLLBACK_TARGET));
  }

  @Override
  public synchronized String setSafeMode(SafeModeChange change) {
    calls.add("setSafeMode(" + (change.on() ? "on" : "off") + ")");
    safeModeChanges.add(change);
    return "v" + ++configVersion;
  }

  @Override
  public ProblemSample pullProblemTickets(ProblemTicketQuery query) {
    calls.add("pullProblemTickets");
    problemQueries.add(query);
    return new ProblemSample("ps-" + query.scope(), TICKETS, "file:///data/samples/ps.jsonl");
  }

  /** Ten fresh tickets per round, none in an earlier sample. */
  @Override
  public ProblemSample pullRecheckSample(RecheckSampleQuery query) {
    calls.add("pullRecheckSample(" + query.round() + ")");
    String sampleId = "recheck-" + query.incidentId() + "-" + query.round();
    if (query.excludeSamples().contains(sampleId)) {
      throw new IllegalStateException("asked twice for " + sampleId);
    }
    List<String> tickets =
        IntStream.rangeClosed(1, 10)
            .mapToObj(i -> String.format("r%d-t%02d", query.round(), i))
            .toList();
    return new ProblemSample(sampleId, tickets, "file:///data/samples/" + sampleId + ".jsonl");
  }

  @Override
  public QaWindowEvidence verifyDailyQa(String dailyQaRunId) {
    calls.add("verifyDailyQa(" + dailyQaRunId + ")");
    QaWindowEvidence window = dailyQaRuns.get(dailyQaRunId);
    if (window == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "no daily QA run " + dailyQaRunId, "NOT_FOUND");
    }
    return window;
  }

  @Override
  public String writeLabeledSample(LabeledSampleRequest request) {
    calls.add("writeLabeledSample(" + request.labels().size() + ")");
    return "file:///data/samples/" + request.sampleId() + "-labeled.jsonl";
  }

  @Override
  public synchronized String applyMitigation(MitigationChange change) {
    calls.add("applyMitigation");
    applied.add(change);
    return "v" + ++configVersion;
  }

  @Override
  public DatasetSnapshot selectDataset(DatasetSelection selection) {
    calls.add("selectDataset(" + selection.kind() + ")");
    return harness.selectDataset(selection);
  }

  @Override
  public HarnessRun runHarness(RunHarnessRequest request) {
    RouterConfig scored = releases.version(request.configVersion());
    String verdict = scored == null ? null : verdictByModel.get(scored.modelVersion());
    for (Map.Entry<String, String> e : verdictByRunSuffix.entrySet()) {
      if (request.runId().endsWith(e.getKey())) {
        verdict = e.getValue();
      }
    }
    return verdict == null
        ? harness.runHarness(request)
        : new FakeRunbookActivities(verdict).runHarness(request);
  }

  @Override
  public String inForce() {
    return releases.inForce();
  }

  @Override
  public PreparedRelease prepare(PrepareReleaseRequest request) {
    calls.add("prepare " + request.change().describe());
    return releases.prepare(request);
  }

  @Override
  public AppliedRelease apply(ApplyReleaseRequest request) {
    calls.add("apply " + request.change().describe());
    released.add(request);
    String failure = failNextApply;
    if (failure != null) {
      failNextApply = null;
      return new AppliedRelease(AppliedRelease.Status.REFUSED, null, null, failure);
    }
    return releases.apply(request);
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
    sent.add(
        new Sent(
            notification,
            Duration.between(started, Instant.ofEpochMilli(env.currentTimeMillis()))));
  }

  List<Sent> sent(String kind) {
    return sent.stream().filter(s -> s.notice().kind().equals(kind)).toList();
  }

  /** When each notice of a kind went out, in whole hours after the start. */
  List<Long> hoursOf(String kind) {
    return sent(kind).stream().map(s -> s.after().toHours()).toList();
  }
}
