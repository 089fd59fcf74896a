package com.evalops.workflows.cadence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.HumanSteps;
import com.evalops.workflows.approval.HumanStepsState;
import com.evalops.workflows.approval.LabelingProgress;
import com.evalops.workflows.approval.LabelingQuorum;
import com.evalops.workflows.approval.RefusalNotice;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.approval.SubmitLabelRequest;
import com.evalops.workflows.approval.VoteRequest;
import com.evalops.workflows.audit.AuditView;
import com.evalops.workflows.audit.DecisionRecord;
import com.evalops.workflows.audit.Participant;
import com.evalops.workflows.notify.Notification;
import com.evalops.workflows.replay.Histories;
import com.evalops.workflows.runbook.FakeRunbookActivities;
import com.evalops.workflows.testing.Await;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The daily QA runbook's branches, with the files and the incident starter replaced by fakes. */
class DailyQaWorkflowTest {
  private static final String DAY = "2025-12-15";
  private static final String WEEKEND = "2025-12-13";
  private static final List<String> TICKETS = List.of("T1", "T2", "T3", "T4", "T5");
  private static final Map<String, String> INTENTS =
      Map.of(
          "T1", "refund_request",
          "T2", "refund_request",
          "T3", "card_delivery_eta",
          "T4", "app_bug",
          "T5", "app_bug");

  /** Three of five tickets reach the quorum; a short day keeps the reminder count easy to see. */
  private static final DailyQaSettings SETTINGS =
      new DailyQaSettings(Duration.ofHours(8), new LabelingQuorum(60, 0), Duration.ofHours(3));

  private static final Actor ANA = new Actor("labeler-ana", Set.of(Role.LABELER), "web");
  private static final Actor BO = new Actor("labeler-bo", Set.of(Role.LABELER), "api");
  private static final Actor AUDITOR = new Actor("auditor-al", Set.of(Role.AUDITOR), "web");

  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(DailyQaWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  private final FakeRunbookActivities ledger = new FakeRunbookActivities("PASS");
  private final List<OpenIncidentRequest> incidentRequests = new CopyOnWriteArrayList<>();
  private final List<QaNotesRequest> notes = new CopyOnWriteArrayList<>();
  private DailyQaWorkflow workflow;
  private WorkflowStub untyped;

  @BeforeEach
  void start(TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    FakeRunbookActivities.registerSearchAttributes(env);
    worker.registerActivitiesImplementations(
        ledger,
        new DailyQaActivities() {
          @Override
          public QaSample drawSample(SampleQuery query) {
            if (query.day().equals(WEEKEND)) {
              throw ApplicationFailure.newNonRetryableFailure(
                  query.day() + " is a SATURDAY; a business day is Monday to Friday",
                  "INVALID_INPUT");
            }
            return new QaSample(
                "daily-qa-" + query.day() + "-seed" + query.seed(),
                query.day(),
                TICKETS,
                INTENTS,
                Map.of("email|tier1|other", 5),
                query.seed(),
                "file:///data/daily-qa/" + query.day() + "/sample.jsonl",
                "cd".repeat(32));
          }

          @Override
          public String writeQaNotes(QaNotesRequest request) {
            notes.add(request);
            return "file:///data/daily-qa/" + request.day() + "/qa-notes.md";
          }
        },
        (IncidentStarterActivities)
            request -> {
              incidentRequests.add(request);
              return WorkflowIds.regression(request.scope());
            });
    env.start();
  }

  private void startDay(WorkflowClient client, Worker worker, String day) {
    workflow =
        client.newWorkflowStub(
            DailyQaWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.dailyQa(day))
                .setTaskQueue(worker.getTaskQueue())
                .build());
    WorkflowClient.start(workflow::run, new DailyQaRequest(day, 30, 7L, "schedule", SETTINGS));
    untyped = WorkflowStub.fromTyped(workflow);
  }

  /** Reviews are accepted once the sample is in the queue; a labeling client waits for that. */
  private void startLabeling(WorkflowClient client, Worker worker) throws InterruptedException {
    startDay(client, worker, DAY);
    Await.until("the labeling step", workflow::state, state -> "labeling".equals(state.step()));
  }

  private static SubmitLabelRequest review(
      String ticket, Actor actor, boolean team, boolean template, boolean safety) {
    return new SubmitLabelRequest(
        ticket, actor, team, template, safety, null, team ? null : "billing", null, null, "ok");
  }

  private static SubmitLabelRequest fine(String ticket, Actor actor) {
    return review(ticket, actor, true, true, false);
  }

  private DailyQaReport finish() {
    return untyped.getResult(DailyQaReport.class);
  }

  private String refusalOf(SubmitLabelRequest review) {
    WorkflowUpdateException e =
        assertThrows(WorkflowUpdateException.class, () -> workflow.submitLabel(review));
    return e.getCause().getMessage();
  }

  @Test
  void givenBusinessDay_whenStarted_thenSampleIsDrawnIntoTheLabelingQueue(
      WorkflowClient client, Worker worker) throws InterruptedException {
    startLabeling(client, worker);

    DailyQaState state = workflow.state();
    assertEquals(TICKETS, state.sample().ticketIds());
    assertEquals(TICKETS, state.labeling().sample().ticketIds());
    assertEquals(DAY, state.day());
    // The notice is an activity of its own: it may complete just after the step changes.
    Await.until(
        "the labeling_requested notice",
        () -> ledger.notices,
        notices -> notices.stream().anyMatch(n -> n.kind().equals("labeling_requested")));
  }

  @Test
  void givenTheSharedHumanSteps_whenALabelerLabelsAndSomeoneVotes_thenLabelCountsAndVoteIsRefused(
      WorkflowClient client, Worker worker) throws InterruptedException {
    startLabeling(client, worker);
    HumanSteps steps =
        client.newWorkflowStub(HumanSteps.class, untyped.getExecution().getWorkflowId());

    assertEquals(1, steps.submitLabel(fine("T1", ANA)).labeledTickets());
    // The update name of runs recorded before the shared kit still counts a label.
    LabelingProgress legacy =
        untyped.update("submitReview", LabelingProgress.class, fine("T2", ANA));
    assertEquals(2, legacy.labeledTickets());
    HumanStepsState human = steps.humanSteps();
    assertFalse(human.takesVotes());
    assertTrue(human.takesLabels());
    assertEquals(2, human.labeling().labels().size());
    assertEquals(workflow.state().sample().ref(), human.sampleRef());

    WorkflowUpdateException refused =
        assertThrows(
            WorkflowUpdateException.class,
            () -> steps.vote(new VoteRequest("any", ANA, true, "", null, null, null)));
    assertTrue(
        refused.getCause().getMessage().contains("asks for no votes"),
        refused.getCause().getMessage());
  }

  @Test
  void givenLabeler_whenReviewSubmitted_thenAcceptedAndCounted(WorkflowClient client, Worker worker)
      throws InterruptedException {
    startLabeling(client, worker);

    var progress = workflow.submitLabel(fine("T1", ANA));

    assertEquals(1, progress.labeledTickets());
    assertEquals(1, workflow.state().labeling().labels().size());
  }

  @Test
  void givenReviewForTicketOutsideSample_whenSubmitted_thenRefusedWithReason(
      WorkflowClient client, Worker worker) throws InterruptedException {
    startLabeling(client, worker);

    String reason = refusalOf(fine("T99", ANA));

    assertTrue(reason.contains("ticket T99 is not in labeling sample"), reason);
    assertEquals(0, workflow.state().labeling().labels().size());
  }

  @Test
  void givenAuditor_whenReviewSubmitted_thenRefusedBecauseLabelingNeedsALabeler(
      WorkflowClient client, Worker worker) throws InterruptedException {
    startLabeling(client, worker);

    String reason = refusalOf(fine("T1", AUDITOR));

    assertTrue(reason.contains("labeling needs LABELER or ONCALL"), reason);
  }

  @Test
  void givenSameLabelerTwice_whenReviewSubmitted_thenSecondIsRefusedAsDuplicate(
      WorkflowClient client, Worker worker) throws InterruptedException {
    startLabeling(client, worker);
    workflow.submitLabel(fine("T1", ANA));

    String reason = refusalOf(review("T1", ANA, false, true, false));

    assertTrue(reason.contains("already labeled ticket T1"), reason);
    assertEquals(1, workflow.state().labeling().labels().size());
  }

  @Test
  void givenRefusedReview_whenClientRecordsRefusal_thenStateAndDecisionLogShowIt(
      WorkflowClient client, Worker worker) throws InterruptedException {
    startLabeling(client, worker);
    SubmitLabelRequest attempt = fine("T1", AUDITOR);
    String reason = refusalOf(attempt);

    workflow.recordRefusal(
        new RefusalNotice(attempt.actor(), "submitLabel", attempt.ticketId(), reason));

    var refusals = workflow.state().labeling().refusals();
    assertEquals(1, refusals.size());
    assertEquals("auditor-al", refusals.get(0).actor().id());
    assertEquals(reason, refusals.get(0).reason());
    List.of("T1", "T2", "T3").forEach(t -> workflow.submitLabel(fine(t, ANA)));
    finish();
    List<Participant> participants = ledger.decisions.get(0).participants();
    assertTrue(
        participants.stream()
            .anyMatch(p -> p.action().equals("refused") && p.actor().equals("auditor-al")),
        participants.toString());
    assertEquals(1, notes.get(0).refusals());
  }

  @Test
  void givenEveryTicketReviewedBeforeDeadline_whenComplete_thenReportsAtOnceWithoutReminders(
      WorkflowClient client, Worker worker) throws InterruptedException {
    startLabeling(client, worker);
    List<String> tickets = workflow.state().sample().ticketIds();

    tickets.forEach(t -> workflow.submitLabel(fine(t, ANA)));
    DailyQaReport report = finish();

    assertEquals("quorum_reached", report.outcome());
    assertEquals(tickets.size(), report.labeledTickets());
    assertEquals(tickets.size(), report.teamCorrect());
    assertEquals(tickets.size(), report.templateCorrect());
    var labeling = workflow.state().labeling();
    assertTrue(
        labeling
            .closedAt()
            .isBefore(labeling.sample().openedAt().plus(SETTINGS.reminderInterval())),
        labeling.closedAt() + " closed");
    assertEquals(0, workflow.state().reminders());
    assertEquals(List.of(), report.incidents());
    assertEquals("no_change", ledger.decisions.get(0).decision());
    assertEquals("file:///data/daily-qa/2025-12-15/qa-notes.md", report.notesRef());
    assertEquals("done", workflow.state().step());
  }

  /**
   * A window counts as incident exit evidence only fully reviewed, so the quorum no longer closes
   * the labeling early: the run reports at the deadline with what was reviewed.
   */
  @Test
  void givenQuorumButNotEveryTicket_whenDeadlinePasses_thenReportsTheQuorumAtTheDeadline(
      WorkflowClient client, Worker worker) throws InterruptedException {
    startLabeling(client, worker);
    List<String> tickets = workflow.state().sample().ticketIds();
    int quorum = tickets.size() - 1; // at least the 60% quorum, one short of all

    tickets.subList(0, quorum).forEach(t -> workflow.submitLabel(fine(t, ANA)));
    DailyQaReport report = finish();

    assertEquals("quorum_reached", report.outcome());
    assertEquals(quorum, report.labeledTickets());
    var labeling = workflow.state().labeling();
    assertFalse(labeling.closedAt().isBefore(labeling.until()), labeling.closedAt() + " closed");
  }

  @Test
  void givenTooFewReviews_whenDeadlinePasses_thenRemindedThenQuorumMissedBranch(
      WorkflowClient client, Worker worker) throws InterruptedException {
    startLabeling(client, worker);
    workflow.submitLabel(fine("T1", ANA));

    DailyQaReport report = finish();

    assertEquals("quorum_missed", report.outcome());
    assertEquals(2, workflow.state().reminders(), "at 3h and 6h of an 8h deadline");
    List<String> kinds = ledger.notices.stream().map(Notification::kind).toList();
    assertEquals(
        List.of("labeling_requested", "reminder", "reminder", "escalation", "decision"), kinds);
    assertEquals("quorum_missed", notes.get(0).outcome());
    assertEquals(1, notes.get(0).labeledTickets());
    assertEquals("quorum_missed", ledger.decisions.get(0).decision());
    // Compared as instants: as text, "…:51.002Z" sorts before "…:51Z".
    var labeling = workflow.state().labeling();
    assertTrue(!labeling.closedAt().isBefore(labeling.until()), labeling.closedAt() + " closed");
  }

  @Test
  void givenSafetyViolations_whenReported_thenOneIncidentPerFlaggedIntent(
      WorkflowClient client, Worker worker) throws InterruptedException {
    startLabeling(client, worker);
    workflow.submitLabel(review("T1", ANA, true, true, true));
    workflow.submitLabel(review("T3", ANA, true, true, false));
    // A second opinion that flags T3 counts: any labeler's flag is followed up.
    workflow.submitLabel(review("T3", BO, true, true, true));
    workflow.submitLabel(review("T2", ANA, true, true, true));

    DailyQaReport report = finish();

    assertEquals(List.of("T1", "T2", "T3"), report.safetyViolations());
    assertEquals(2, incidentRequests.size());
    OpenIncidentRequest refunds = incidentRequests.get(0);
    assertEquals("refund_request", refunds.scope());
    assertEquals(List.of("T1", "T2"), refunds.ticketIds());
    assertEquals("daily-qa-safety-violation", refunds.alarm());
    assertTrue(refunds.harmPossible());
    assertEquals(List.of("T3"), incidentRequests.get(1).ticketIds());
    assertEquals(
        List.of(
            WorkflowIds.regression("refund_request"), WorkflowIds.regression("card_delivery_eta")),
        report.incidents());
    assertEquals("incident_opened", ledger.decisions.get(0).decision());
    assertEquals("SAFETY_VIOLATION", ledger.decisions.get(0).verdict());
  }

  @Test
  void givenMisroutedTickets_whenReported_thenListedAsGoldenCandidatesWithReasons(
      WorkflowClient client, Worker worker) throws InterruptedException {
    startLabeling(client, worker);
    workflow.submitLabel(review("T4", ANA, false, true, false));
    workflow.submitLabel(
        new SubmitLabelRequest(
            "T2", ANA, true, false, false, null, null, null, "refund_status_v1", "wrong copy"));
    workflow.submitLabel(fine("T1", ANA));

    DailyQaReport report = finish();

    assertEquals(
        List.of(
            new GoldenCandidate(
                "T2", List.of("labeler-ana: template wrong (should be refund_status_v1)")),
            new GoldenCandidate("T4", List.of("labeler-ana: team wrong (should be billing)"))),
        report.goldenCandidates());
    assertEquals(report.goldenCandidates(), notes.get(0).goldenCandidates());
  }

  @Test
  void givenDay_whenFinished_thenOneDecisionLogEntryWithDeterministicIdAndSmallHistory(
      WorkflowClient client, Worker worker) throws InterruptedException {
    startLabeling(client, worker);
    List.of("T1", "T2", "T3").forEach(t -> workflow.submitLabel(fine(t, ANA)));

    DailyQaReport report = finish();

    assertEquals(1, ledger.decisions.size());
    DecisionRecord entry = ledger.decisions.get(0);
    assertEquals(WorkflowIds.dailyQa(DAY) + "/decision", entry.entryId());
    assertEquals("daily", entry.runbookKind());
    assertEquals("routing-log:" + DAY, entry.datasetVersion());
    assertEquals("CLEAN", entry.verdict());
    assertEquals(report.notesRef(), entry.artifactLocation());
    assertEquals(1, report.decisionLogSeq());
    assertEquals(4, entry.participants().size(), "three labels and the rule");
    var history = client.fetchHistory(WorkflowIds.dailyQa(DAY)).getHistory();
    assertTrue(history.getEventsCount() < 150, history.getEventsCount() + " events");
    // Labels by the shared submitLabel update; the -full-review history holds submitReview.
    Histories.recordIfAsked(
        client, WorkflowIds.dailyQa(DAY), WorkflowIds.dailyQa(DAY) + "-shared-label");
  }

  @Test
  void givenDay_whenLabeledAndReported_thenDetailsCountLabelsAndMemoShowsOutcomeWithoutPeople(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker)
      throws InterruptedException {
    startLabeling(client, worker);
    String id = WorkflowIds.dailyQa(DAY);
    // Details reach the server with the workflow task that set them: wait for each.
    String waiting =
        Await.until(
            "the labeling details",
            () -> AuditView.details(client, id),
            d -> d.startsWith("waiting for labelers"));
    workflow.submitLabel(review("T1", ANA, true, true, true));
    String afterOne =
        Await.until(
            "the details after one review",
            () -> AuditView.details(client, id),
            d -> !d.equals(waiting));
    List.of("T2", "T3").forEach(t -> workflow.submitLabel(fine(t, BO)));

    DailyQaReport report = finish();

    assertTrue(
        waiting.startsWith("waiting for labelers: 0 of 5 labeled, quorum not reached, until"),
        waiting);
    assertTrue(afterOne.startsWith("waiting for labelers: 1 of 5 labeled"), afterOne);
    Map<String, String> memo = AuditView.memo(env, id);
    assertEquals("daily", memo.get("kind"));
    assertEquals(DAY, memo.get("day"));
    assertEquals(report.sampleId(), memo.get("sample"));
    assertEquals("5", memo.get("sample_size"));
    assertEquals("3", memo.get("labeled"));
    assertEquals("quorum_reached", memo.get("labeling"));
    assertEquals("1", memo.get("safety_violations"));
    assertEquals("SAFETY_VIOLATION", memo.get("verdict"));
    assertEquals("incident_opened", memo.get("decision"));
    assertEquals(WorkflowIds.regression("refund_request"), memo.get("incidents"));
    assertEquals(report.notesRef(), memo.get("notes"));
    List<String> summaries = AuditView.activitySummaries(client, id);
    assertTrue(
        summaries.containsAll(
            List.of(
                "sample of 30 tickets from the routing log of " + DAY,
                "regression incident for refund_request: 1 flagged",
                "QA notes for " + DAY,
                "decision log: daily QA " + DAY + ", SAFETY_VIOLATION, incident_opened")),
        summaries.toString());
    assertTrue(AuditView.details(client, id).startsWith("done: SAFETY_VIOLATION"));
    AuditView.assertNoneMentions(List.copyOf(memo.values()), ANA.id(), BO.id());
    AuditView.assertNoneMentions(summaries, ANA.id(), BO.id());
  }

  @Test
  void givenWeekendDay_whenStarted_thenFailsWithInvalidInput(WorkflowClient client, Worker worker) {
    startDay(client, worker, WEEKEND);

    WorkflowFailedException e = assertThrows(WorkflowFailedException.class, this::finish);

    ApplicationFailure cause = (ApplicationFailure) ((ActivityFailure) e.getCause()).getCause();
    assertEquals("INVALID_INPUT", cause.getType());
    assertTrue(cause.getOriginalMessage().contains("business day"), cause.getOriginalMessage());
  }
}
