package com.evalops.workflows.cadence;

import com.evalops.workflows.RunbookActivityOptions;
import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.HumanStepRefusals;
import com.evalops.workflows.approval.HumanStepsState;
import com.evalops.workflows.approval.HumanWait;
import com.evalops.workflows.approval.Label;
import com.evalops.workflows.approval.LabelingBook;
import com.evalops.workflows.approval.LabelingProgress;
import com.evalops.workflows.approval.LabelingSample;
import com.evalops.workflows.approval.LabelingState;
import com.evalops.workflows.approval.Refusal;
import com.evalops.workflows.approval.RefusalNotice;
import com.evalops.workflows.approval.RequestState;
import com.evalops.workflows.approval.SubmitLabelRequest;
import com.evalops.workflows.approval.VoteRequest;
import com.evalops.workflows.audit.DecisionLogActivities;
import com.evalops.workflows.audit.DecisionRecord;
import com.evalops.workflows.audit.Participant;
import com.evalops.workflows.audit.RunbookAudit;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Draws the day's sample, waits for the labelers until the quorum is reached or the deadline passes
 * (reminding them on the way), then writes the QA notes, opens a regression incident per intent
 * with a flagged safety violation, lists golden set candidates and records one Decision Log entry.
 * A missed quorum does not stop the day: what was labeled is reported, and the notes say that the
 * quorum was missed, because a partial review still catches obvious failures.
 */
public class DailyQaWorkflowImpl implements DailyQaWorkflow {
  static final String KIND = "daily";
  static final String SAFETY_ALARM = "daily-qa-safety-violation";
  static final String QUORUM_REACHED = "quorum_reached";
  static final String QUORUM_MISSED = "quorum_missed";

  /**
   * Version 1: labeling stays open until every ticket is reviewed or the deadline, not only until
   * the quorum, because an incident's safe-mode exit counts a window only fully reviewed
   * (config-releases.md §6). Runs recorded before it closed at the quorum.
   */
  static final String FULL_REVIEW = "full-review";

  /** Reading a day of the routing log takes seconds; a bad day fails at once (non-retryable). */
  static final ActivityOptions FILES =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(5))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
          .build();

  /**
   * Retried for longer than a notice: a flagged safety violation must reach an incident, and
   * signal-with-start joins the open one, so a retry does not start a second.
   */
  static final ActivityOptions INCIDENT =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(20).build())
          .build();

  private final NotifierActivities notifier =
      Workflow.newActivityStub(NotifierActivities.class, RunbookActivityOptions.NOTIFY);

  private final String day;

  /** Refusals that arrive before the sample is drawn; the book takes them over once it exists. */
  private final List<EarlyRefusal> earlyRefusals = new ArrayList<>();

  private String step = "sample";
  private QaSample sample;
  private LabelingBook book;
  private int reminders;
  private String outcome;
  private List<GoldenCandidate> goldenCandidates = List.of();
  private final List<String> incidents = new ArrayList<>();
  private String notesRef;

  /**
   * A scheduled run has no day: it takes the previous business day of its start, in the schedule's
   * zone. A request with a day (every run before schedules existed) takes no time reading and
   * issues the same commands as before, so recorded histories replay without a version marker.
   */
  @WorkflowInit
  public DailyQaWorkflowImpl(DailyQaRequest request) {
    this.day =
        CadencePeriods.orDerived(
            request.day(),
            () ->
                CadencePeriods.previousBusinessDay(
                    Instant.ofEpochMilli(Workflow.currentTimeMillis()),
                    CadencePeriods.zone(request.zone())));
    Workflow.registerListener(
        new DailyQaReviewBefore() {
          @Override
          public LabelingProgress submitReview(SubmitLabelRequest review) {
            return submitLabel(review);
          }

          @Override
          public void validateReview(SubmitLabelRequest review) {
            validateSubmitLabel(review);
          }
        });
  }

  @Override
  public DailyQaReport run(DailyQaRequest request) {
    Workflow.upsertTypedSearchAttributes(
        RunbookSearchAttributes.RUNBOOK_KIND.valueSet(KIND),
        RunbookSearchAttributes.DATASET_VERSION.valueSet("routing-log:" + day));
    DailyQaSettings settings = request.settings();

    String drawing =
        "sample of " + request.sampleSize() + " tickets from the routing log of " + day;
    RunbookAudit.step("drawing a " + drawing);
    sample =
        RunbookAudit.activities(DailyQaActivities.class, FILES, drawing)
            .drawSample(new SampleQuery(day, request.sampleSize(), request.seed()));
    Instant openedAt = now();
    book =
        new LabelingBook(
            new LabelingSample(
                sample.sampleId(),
                sample.ticketIds(),
                openedAt,
                openedAt.plus(settings.labelingDeadline()),
                settings.quorum()));
    earlyRefusals.forEach(r -> book.refuse(r.refused().asLabel(), r.refused().reason(), r.at()));
    RunbookAudit.memo(
        "kind", KIND,
        "day", day,
        "sample", sample.sampleId(),
        "sample_size", String.valueOf(sample.ticketIds().size()),
        "labeling_until", book.state().until().toString());
    step = "labeling";
    showLabeling();
    notifyLabelers(
        "labeling_requested",
        sample.ticketIds().size() + " tickets to review for " + day,
        "sample " + sample.ref() + "; deadline " + book.state().until());

    boolean fullReview =
        Workflow.getVersion(FULL_REVIEW, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION;
    outcome = awaitLabels(book.state().until(), settings.reminderInterval(), fullReview);
    LabelingProgress progress = book.close(now());
    if (QUORUM_MISSED.equals(outcome)) {
      notifier.notify(
          new Notification(
              "escalation",
              sample.sampleId(),
              "oncall",
              "daily QA " + day + ": labeling quorum missed",
              progress.labeledTickets()
                  + " of "
                  + progress.sampleSize()
                  + " tickets labeled by the deadline; the notes report the partial review"));
    }

    step = "report";
    RunbookAudit.step(
        "reporting: "
            + progress.labeledTickets()
            + " of "
            + progress.sampleSize()
            + " labeled ("
            + outcome
            + "), "
            + progress.safetyViolations().size()
            + " safety violations");
    goldenCandidates = goldenCandidates(book.state().labels());
    openIncidents(progress.safetyViolations());
    LabelingState labeling = book.state();
    notesRef =
        RunbookAudit.activities(DailyQaActivities.class, FILES, "QA notes for " + day)
            .writeQaNotes(
                new QaNotesRequest(
                    day,
                    sample.sampleId(),
                    sample.ref(),
                    sample.seed(),
                    progress.sampleSize(),
                    progress.labeledTickets(),
                    progress.labels(),
                    outcome,
                    progress.safetyViolations(),
                    progress.disagreements(),
                    goldenCandidates,
                    incidents,
                    labeling.refusals().size(),
                    reminders));
    long seq = recordDecision(progress, labeling);
    RunbookAudit.memo(
        "labeling", outcome,
        "labeled", String.valueOf(progress.labeledTickets()),
        "safety_violations", String.valueOf(progress.safetyViolations().size()),
        "golden_candidates", String.valueOf(goldenCandidates.size()),
        "incidents", incidents.isEmpty() ? null : String.join(", ", incidents),
        "verdict", verdict(progress),
        "decision", decision(progress),
        "notes", notesRef);
    notifier.notify(
        new Notification(
            "decision",
            sample.sampleId(),
            "oncall",
            "daily QA " + day + ": " + verdict(progress),
            progress.labeledTickets()
                + " of "
                + progress.sampleSize()
                + " labeled ("
                + outcome
                + "), "
                + progress.safetyViolations().size()
                + " safety violations, "
                + goldenCandidates.size()
                + " golden set candidates; notes "
                + notesRef));
    step = "done";
    RunbookAudit.step(
        "done: " + verdict(progress) + ", " + decision(progress) + "; notes " + notesRef);
    Workflow.await(Workflow::isEveryHandlerFinished);
    return new DailyQaReport(
        day,
        sample.sampleId(),
        sample.ref(),
        progress.sampleSize(),
        progress.labeledTickets(),
        outcome,
        progress.safetyViolations(),
        incidents,
        goldenCandidates,
        notesRef,
        seq,
        correct(book.state().labels(), SubmitLabelRequest::correctTeam),
        correct(book.state().labels(), SubmitLabelRequest::correctTemplate));
  }

  /** Reviewed tickets that every reviewer found right on one question. */
  private static int correct(List<Label> labels, Predicate<SubmitLabelRequest> right) {
    Map<String, Boolean> byTicket = new LinkedHashMap<>();
    for (Label label : labels) {
      SubmitLabelRequest review = label.submitted();
      byTicket.merge(review.ticketId(), right.test(review), Boolean::logicalAnd);
    }
    return (int) byTicket.values().stream().filter(b -> b).count();
  }

  /**
   * Waits for every review (or, in runs recorded before full review, for the quorum) until the
   * deadline, reminding labelers every interval; returns the labeling outcome. Daily QA does not
   * escalate while the queue is open: a missed quorum is escalated after the deadline.
   */
  private String awaitLabels(Instant deadline, Duration reminderInterval, boolean fullReview) {
    HumanWait.Outcome waited =
        HumanWait.await(
            fullReview ? book::complete : book::quorumReached,
            HumanWait.Schedule.reminders(deadline, now(), reminderInterval),
            this::showLabeling,
            notice -> {
              reminders++;
              LabelingProgress progress = book.progress();
              notifyLabelers(
                  notice.kind(),
                  "daily QA "
                      + day
                      + ": "
                      + progress.labeledTickets()
                      + " of "
                      + progress.sampleSize()
                      + " tickets labeled",
                  "quorum not reached yet; deadline " + deadline);
            });
    return waited == HumanWait.Outcome.DONE || book.quorumReached()
        ? QUORUM_REACHED
        : QUORUM_MISSED;
  }

  /** One incident per intent the flagged tickets were routed to, joining any open one there. */
  private void openIncidents(List<String> flagged) {
    Map<String, List<String>> byIntent = new LinkedHashMap<>();
    for (String ticketId : flagged) {
      String intent = sample.predictedIntents().getOrDefault(ticketId, "daily-qa:" + day);
      byIntent.computeIfAbsent(intent, i -> new ArrayList<>()).add(ticketId);
    }
    byIntent.forEach(
        (scope, tickets) ->
            incidents.add(
                RunbookAudit.activities(
                        IncidentStarterActivities.class,
                        INCIDENT,
                        "regression incident for " + scope + ": " + tickets.size() + " flagged")
                    .openIncident(
                        new OpenIncidentRequest(
                            scope,
                            SAFETY_ALARM,
                            true,
                            tickets,
                            Workflow.getInfo().getWorkflowId() + "/" + scope))));
  }

  private static List<GoldenCandidate> goldenCandidates(List<Label> labels) {
    Map<String, List<String>> reasons = new LinkedHashMap<>();
    for (Label label : labels) {
      SubmitLabelRequest review = label.submitted();
      List<String> wrong = new ArrayList<>();
      if (!review.correctTeam()) {
        wrong.add("team wrong" + correction(review.goldTeam()));
      }
      if (!review.correctTemplate()) {
        wrong.add("template wrong" + correction(review.goldTemplate()));
      }
      if (!wrong.isEmpty()) {
        reasons
            .computeIfAbsent(review.ticketId(), t -> new ArrayList<>())
            .add(review.actor().id() + ": " + String.join(", ", wrong));
      }
    }
    return reasons.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> new GoldenCandidate(e.getKey(), e.getValue()))
        .toList();
  }

  private static String correction(String gold) {
    return gold.isEmpty() ? "" : " (should be " + gold + ")";
  }

  private long recordDecision(LabelingProgress progress, LabelingState labeling) {
    Instant now = now();
    List<Participant> participants = new ArrayList<>();
    for (Label label : labeling.labels()) {
      SubmitLabelRequest r = label.submitted();
      participants.add(
          new Participant(
              r.actor().id(),
              roles(r.actor()),
              label.secondOpinion() ? "second_opinion" : "labeled",
              label.at(),
              r.actor().channel(),
              r.ticketId()
                  + ": team "
                  + (r.correctTeam() ? "right" : "wrong")
                  + ", template "
                  + (r.correctTemplate() ? "right" : "wrong")
                  + (r.safetyViolation() ? ", safety violation" : "")));
    }
    for (Refusal refusal : labeling.refusals()) {
      Actor actor = refusal.actor();
      participants.add(
          new Participant(
              actor == null ? "unknown" : actor.id(),
              actor == null ? null : roles(actor),
              "refused",
              refusal.at(),
              actor == null ? null : actor.channel(),
              refusal.reason()));
    }
    String decision = decision(progress);
    participants.add(Participant.rule(now, "daily QA rule: " + decision));
    List<String> reasons = new ArrayList<>();
    reasons.add(
        progress.labeledTickets()
            + " of "
            + progress.sampleSize()
            + " tickets labeled: "
            + outcome);
    reasons.add(
        progress.safetyViolations().size() + " safety violations " + progress.safetyViolations());
    reasons.add(
        goldenCandidates.size()
            + " golden set candidates "
            + goldenCandidates.stream().map(GoldenCandidate::ticketId).toList());
    if (!incidents.isEmpty()) {
      reasons.add("incidents " + incidents);
    }
    return RunbookAudit.activities(
            DecisionLogActivities.class,
            RunbookActivityOptions.STORE,
            "decision log: daily QA " + day + ", " + verdict(progress) + ", " + decision)
        .recordDecision(
            new DecisionRecord(
                Workflow.getInfo().getWorkflowId() + "/decision",
                now,
                sample.sampleId(),
                KIND,
                verdict(progress),
                decision,
                participants,
                reasons,
                notesRef,
                null,
                null,
                "routing-log:" + day,
                sample.sourceSha256()));
  }

  private String decision(LabelingProgress progress) {
    if (!progress.safetyViolations().isEmpty()) {
      return "incident_opened";
    }
    return QUORUM_MISSED.equals(outcome) ? "quorum_missed" : "no_change";
  }

  private static String verdict(LabelingProgress progress) {
    return progress.safetyViolations().isEmpty() ? "CLEAN" : "SAFETY_VIOLATION";
  }

  private static String roles(Actor actor) {
    return actor.roles().stream().map(Enum::name).collect(Collectors.joining(","));
  }

  /** What the labeling waits for, counted: shown as the run's details while labelers work. */
  private void showLabeling() {
    LabelingProgress progress = book.progress();
    RunbookAudit.step(
        "waiting for labelers: "
            + progress.labeledTickets()
            + " of "
            + progress.sampleSize()
            + " labeled, quorum "
            + (progress.quorumReached() ? "reached" : "not reached")
            + ", until "
            + book.state().until());
  }

  private void notifyLabelers(String kind, String title, String text) {
    notifier.notify(new Notification(kind, sample.sampleId(), "labelers", title, text));
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  @Override
  public LabelingProgress submitLabel(SubmitLabelRequest review) {
    LabelingProgress progress = book.apply(review, now());
    if ("labeling".equals(step)) {
      showLabeling();
    }
    return progress;
  }

  @Override
  public void validateSubmitLabel(SubmitLabelRequest review) {
    if (book == null) {
      throw new IllegalStateException("the sample for " + day + " is not drawn yet");
    }
    book.validate(review, now());
  }

  @Override
  public void recordRefusal(RefusalNotice refused) {
    if (book == null) {
      earlyRefusals.add(new EarlyRefusal(refused, now()));
    } else {
      book.refuse(refused.asLabel(), refused.reason(), now());
    }
  }

  private record EarlyRefusal(RefusalNotice refused, Instant at) {}

  @Override
  public void validateVote(VoteRequest vote) {
    throw HumanStepRefusals.noVotes("daily QA " + day);
  }

  @Override
  public RequestState vote(VoteRequest vote) {
    throw HumanStepRefusals.noVotes("daily QA " + day);
  }

  @Override
  public HumanStepsState humanSteps() {
    return new HumanStepsState(
        "labeling".equals(step) ? "labels of the day's sample" : null,
        false,
        null,
        true,
        book == null ? null : book.state(),
        sample == null ? null : sample.ref());
  }

  @Override
  public DailyQaState state() {
    return new DailyQaState(
        day,
        step,
        sample,
        book == null ? null : book.state(),
        reminders,
        outcome,
        goldenCandidates,
        incidents,
        notesRef);
  }
}
