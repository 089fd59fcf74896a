package com.evalops.workflows.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.harness.release.ConfigOperation;
import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.approval.SubmitLabelRequest;
import com.evalops.workflows.approval.VoteRequest;
import com.evalops.workflows.audit.DecisionRecord;
import com.evalops.workflows.config.ApplyReleaseRequest;
import com.evalops.workflows.notify.Notification;
import com.evalops.workflows.runbook.EvaluationRunbookWorkflowImpl;
import com.evalops.workflows.runbook.FakeRunbookActivities;
import com.evalops.workflows.testing.Await;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two incidents of one scope, one after the other, under the one per-scope workflow id
 * (config-releases §7): each has an id of its own, and everything named after an incident (child
 * runs, sample, release, Decision Log entry, approval notices) is the second incident's own.
 */
class ConsecutiveIncidentsTest {
  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(
              RegressionIncidentWorkflowImpl.class, EvaluationRunbookWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  private static final String SCOPE = "billing";
  private static final Actor ANA = new Actor("oncall-ana", Set.of(Role.ONCALL), "cli");
  private static final Actor BEN = new Actor("oncall-ben", Set.of(Role.ONCALL), "slack");
  private static final Actor LI = new Actor("labeler-li", Set.of(Role.LABELER), "web");

  private WorkflowClient client;
  private Worker worker;
  private FakeIncidentActivities fake;

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    this.client = client;
    this.worker = worker;
    fake = new FakeIncidentActivities(env, "PASS");
    FakeRunbookActivities.registerSearchAttributes(env);
    worker.registerActivitiesImplementations(fake);
    env.start();
  }

  @Test
  void givenAClosedIncident_whenTheScopeAlarmsAgain_thenTheSecondIncidentOwnsEverythingItNames() {
    RegressionIncidentWorkflow firstRun = open();
    await(firstRun, s -> "labeling".equals(s.step()));
    IncidentReport first =
        labelProposeAndClose(firstRun, ConfigOperation.setThreshold("fee_schedule", 0.95));

    RegressionIncidentWorkflow secondRun = open();
    IncidentState labeling =
        await(secondRun, s -> "labeling".equals(s.step()) && s.labeling() != null);

    String firstId = first.incidentId();
    String secondId = labeling.incidentId();
    assertNotEquals(firstId, secondId);
    for (String id : List.of(firstId, secondId)) {
      assertEquals(
          WorkflowIds.regression(SCOPE),
          WorkflowIds.incidentRun(id).orElseThrow().workflowId(),
          id + " is not an incident id of the scope");
    }
    assertTrue(labeling.labeling().labels().isEmpty(), "labels carried over from " + firstId);
    assertEquals(0, labeling.labeling().progress().labeledTickets());
    assertEquals(
        List.of(firstId, secondId),
        fake.problemQueries.stream().map(ProblemTicketQuery::incidentId).toList(),
        "each sample is asked for under its incident's own id");
    assertEquals(
        secondId,
        client
            .newWorkflowStub(RegressionIncidentWorkflow.class, WorkflowIds.regression(SCOPE))
            .state()
            .incidentId(),
        "the per-scope id finds the open incident");

    IncidentReport second =
        labelProposeAndClose(secondRun, ConfigOperation.setThreshold("billing_double_charge", 0.9));

    assertEquals(secondId, second.incidentId());
    List<String> firstRuns = of(first.evaluations(), EvaluationSummary::runId);
    List<String> secondRuns = of(second.evaluations(), EvaluationSummary::runId);
    assertEquals(List.of(firstId + "-sample", firstId + "-golden"), firstRuns);
    assertEquals(List.of(secondId + "-sample", secondId + "-golden"), secondRuns);
    List<String> firstReports = of(first.evaluations(), EvaluationSummary::artifactLocation);
    List<String> secondReports = of(second.evaluations(), EvaluationSummary::artifactLocation);
    assertTrue(
        Collections.disjoint(firstReports, secondReports), firstReports + " and " + secondReports);
    assertEquals(
        List.of(firstId + "/mitigation-1", secondId + "/mitigation-1"),
        of(fake.released, ApplyReleaseRequest::releaseId));

    // The Decision Log: each incident's child runs, then the incident, under ids of its own.
    List<String> entries = new ArrayList<>();
    for (String id : List.of(firstId, secondId)) {
      entries.add("evaluation-" + id + "-sample/decision");
      entries.add("evaluation-" + id + "-golden/decision");
      entries.add(id + "/decision");
    }
    assertEquals(entries, of(fake.decisions, DecisionRecord::entryId));

    // Both ask "mitigation-1" under the same workflow id: the notice's run tells them apart, so a
    // notifier keeps a message per incident while votes still go to the open incident.
    List<Notification> asked =
        fake.sent("approval_requested").stream().map(FakeIncidentActivities.Sent::notice).toList();
    assertEquals(List.of(firstId, secondId), of(asked, Notification::runId));
    for (Notification n : asked) {
      assertEquals(WorkflowIds.regression(SCOPE), n.approval().workflowId());
      assertEquals("mitigation-1", n.approval().requestId());
    }
  }

  private RegressionIncidentWorkflow open() {
    IncidentStarter.startOrJoin(
        client,
        worker.getTaskQueue(),
        new StartRegressionRequest(
            SCOPE, "quality-drop", false, ANA, 10, 7, "v2", "v12", Set.of(), null),
        new AlarmNotice(SCOPE, "quality-drop", "webhook", "macro F1 0.81 < 0.88"));
    return client.newWorkflowStub(RegressionIncidentWorkflow.class, WorkflowIds.regression(SCOPE));
  }

  /** Labels the sample, proposes {@code operation}, has another on-call approve it, and waits. */
  private IncidentReport labelProposeAndClose(
      RegressionIncidentWorkflow incident, ConfigOperation operation) {
    for (String ticket : FakeIncidentActivities.TICKETS) {
      incident.submitLabel(
          new SubmitLabelRequest(ticket, LI, true, true, false, null, null, null, null, null));
    }
    await(incident, s -> "mitigation_proposal".equals(s.step()));
    ProposalReceipt receipt =
        incident.proposeMitigation(
            MitigationProposal.typed(ANA, "from the incident's evaluations", List.of(operation)));
    incident.vote(new VoteRequest(receipt.requestId(), BEN, true, "ok", null));
    return WorkflowStub.fromTyped(incident).getResult(IncidentReport.class);
  }

  private static <T> List<String> of(List<T> items, Function<T, String> field) {
    return items.stream().map(field).toList();
  }

  /** The workflow runs on its own; wait (in wall-clock time) until its state satisfies a test. */
  private static IncidentState await(
      RegressionIncidentWorkflow incident, Predicate<IncidentState> reached) {
    return Await.until("the incident's expected state", incident::state, reached);
  }
}
