package com.evalops.workflows.runbook;

import com.evalops.workflows.audit.DecisionLogActivities;
import com.evalops.workflows.audit.DecisionRecord;
import com.evalops.workflows.audit.Participant;
import com.evalops.workflows.audit.RunbookSearchAttributes;
import com.evalops.workflows.notify.Notification;
import com.evalops.workflows.notify.NotifierActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one evaluation end to end. A PASS is accepted at once (and becomes the baseline when asked);
 * any other verdict records "no change" with the recommended actions and tells on-call.
 */
public class EvaluationRunbookWorkflowImpl implements EvaluationRunbookWorkflow {
  /** A million tickets take minutes; the harness heartbeats every two seconds. */
  static final ActivityOptions HARNESS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofHours(1))
          .setHeartbeatTimeout(Duration.ofMinutes(1))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
          .build();

  static final ActivityOptions LEDGER =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(10).build())
          .build();

  /** A small cap: an outage of the notification channel must not turn into spam. */
  static final ActivityOptions NOTIFY =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
          .build();

  private final EvaluationActivities harness =
      Workflow.newActivityStub(EvaluationActivities.class, HARNESS);
  private final DecisionLogActivities decisionLog =
      Workflow.newActivityStub(DecisionLogActivities.class, LEDGER);
  private final NotifierActivities notifier =
      Workflow.newActivityStub(NotifierActivities.class, NOTIFY);

  private final String runId;
  private final List<String> history = new ArrayList<>();
  private String step = "select";
  private String verdict;
  private String decision;

  @WorkflowInit
  public EvaluationRunbookWorkflowImpl(StartEvaluationRequest request) {
    this.runId = request.runId();
  }

  @Override
  public EvaluationOutcome run(StartEvaluationRequest request) {
    Workflow.upsertTypedSearchAttributes(
        RunbookSearchAttributes.RUNBOOK_KIND.valueSet(request.runbookKind()),
        RunbookSearchAttributes.CONFIG_VERSION.valueSet(request.configVersion()));

    DatasetSnapshot dataset = harness.selectDataset(request.dataset());
    history.add(
        "selected "
            + dataset.kind()
            + " "
            + dataset.version()
            + " ("
            + dataset.count()
            + " tickets, sha256 "
            + dataset.sha256()
            + ")");
    if (dataset.version() != null) {
      Workflow.upsertTypedSearchAttributes(
          RunbookSearchAttributes.DATASET_VERSION.valueSet(dataset.version()));
    }

    step = "run";
    HarnessRun run =
        harness.runHarness(
            new RunHarnessRequest(
                request.runId(), dataset, request.configVersion(), request.baselineRunId()));
    history.add("harness wrote " + run.artifactLocation());

    step = "interpret";
    verdict = run.verdict();
    Workflow.upsertTypedSearchAttributes(RunbookSearchAttributes.VERDICT.valueSet(verdict));
    history.add("verdict " + verdict + ": " + String.join("; ", run.reasons()));

    step = "decide";
    List<RecommendedAction> recommendations = Recommendations.of(run);
    boolean pass = "PASS".equals(verdict);
    decision =
        !pass ? "no_change" : request.acceptAsBaseline() ? "accepted_as_baseline" : "accepted";
    String decidedBy =
        pass
            ? "runbook rule: PASS is accepted (requested by " + request.requestedBy() + ")"
            : "runbook rule: "
                + verdict
                + " changes nothing until on-call acts on the"
                + " recommendations";
    history.add("decision " + decision);

    step = "store";
    Instant now = Instant.ofEpochMilli(Workflow.currentTimeMillis());
    long seq =
        decisionLog.recordDecision(
            new DecisionRecord(
                Workflow.getInfo().getWorkflowId() + "/decision",
                now,
                request.runId(),
                request.runbookKind(),
                verdict,
                decision,
                List.of(Participant.rule(now, decidedBy)),
                run.reasons(),
                run.artifactLocation(),
                request.configVersion(),
                dataset.version(),
                dataset.sha256()));
    history.add("decision log entry " + seq);
    notifier.notify(
        new Notification(
            "verdict",
            request.runId(),
            "oncall",
            request.runbookKind() + " " + request.runId() + ": " + verdict,
            "accuracy "
                + run.accuracy()
                + ", macro F1 "
                + run.macroF1()
                + ", Tier 0 FN "
                + run.tier0FalseNegatives()
                + ", Tier 2 violations "
                + run.tier2Violations()
                + "; report "
                + run.artifactLocation()));
    step = "done";
    Workflow.await(Workflow::isEveryHandlerFinished);
    return new EvaluationOutcome(
        request.runId(),
        verdict,
        run.reasons(),
        run.accuracy(),
        run.macroF1(),
        run.tier0FalseNegatives(),
        run.tier2Violations(),
        run.artifactLocation(),
        decision,
        recommendations,
        seq);
  }

  @Override
  public RunbookState state() {
    return new RunbookState(runId, step, verdict, decision, history);
  }
}
