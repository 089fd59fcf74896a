package com.evalops.workflows.incident;

import static com.evalops.workflows.incident.IncidentContext.incidents;
import static com.evalops.workflows.incident.IncidentContext.now;

import com.evalops.workflows.approval.Decision;
import com.evalops.workflows.approval.HumanNotice;
import com.evalops.workflows.approval.HumanWait;
import com.evalops.workflows.approval.LabelingBook;
import com.evalops.workflows.approval.LabelingProgress;
import com.evalops.workflows.approval.LabelingSample;
import com.evalops.workflows.approval.LabelingState;
import com.evalops.workflows.approval.SubmitLabelRequest;
import com.evalops.workflows.incident.IncidentJournal.Entry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed §3 steps 2 and 3: pull a sample of recent problem tickets and label it quickly; later, the
 * fresh production samples of the safe-mode exit's rechecks are labeled the same way.
 *
 * <p>Labeling without quorum: labeling still short of quorum at {@code labelingEscalationAfter}
 * escalates to on-call (who may label too, before the deadline). At the deadline the runbook
 * proceeds with what is labeled and records the missing quorum as a finding; with no label at all,
 * only the golden set is evaluated. It never waits past the deadline: a regression in production
 * should not stall on a queue.
 */
final class LabelingStage {
  private final IncidentContext incident;
  private final IncidentJournal journal;
  private final List<LabelingState> closedBooks = new ArrayList<>();
  // Every sample drawn, so a recheck never draws the same tickets again.
  private final List<String> sampleIds = new ArrayList<>();
  private LabelingBook book;

  /** Where the sanitized text of the sample in {@link #book} is. */
  private String sampleRef;

  LabelingStage(IncidentContext incident) {
    this.incident = incident;
    this.journal = incident.journal();
  }

  ProblemSample pullProblemSample() {
    StartRegressionRequest request = incident.request();
    String sampling =
        request.problemTicketCount()
            + " problem tickets of "
            + request.scope()
            + " from the last "
            + request.windowDays()
            + " days";
    journal.enter(IncidentStep.SAMPLING, "sampling " + sampling);
    ProblemSample sample =
        incidents("sample " + sampling)
            .pullProblemTickets(
                new ProblemTicketQuery(
                    request.scope(),
                    request.windowDays(),
                    request.problemTicketCount(),
                    incident.typedReleases() ? incident.id() : null));
    sampleIds.add(sample.sampleId());
    journal.record(
        Entry.of(
                "sampled " + sample.ticketIds().size() + " problem tickets as " + sample.sampleId())
            .memo(
                "sample",
                sample.sampleId(),
                "sample_size",
                String.valueOf(sample.ticketIds().size())));
    return sample;
  }

  LabelingProgress labelProblemSample(ProblemSample sample) {
    journal.enter(IncidentStep.LABELING);
    LabelingProgress progress =
        label(
            sample,
            "label " + sample.ticketIds().size() + " tickets for incident " + incident.id());
    String counted = progress.labeledTickets() + " of " + progress.sampleSize() + " labeled";
    journal.record(
        (progress.quorumReached()
                ? Entry.of("labeling closed with quorum: " + counted)
                : Entry.of())
            .memo(
                "labeled",
                counted,
                "labeling",
                progress.quorumReached() ? "quorum_reached" : "quorum_missed",
                "safety_violations",
                String.valueOf(progress.safetyViolations().size())));
    if (!progress.quorumReached()) {
      incident.finding(
          progress.labeledTickets() > 0
              ? "labeling closed without quorum (" + counted + "): evaluated what is labeled"
              : "labeling closed without quorum (no labels): only the golden set evaluated");
    }
    for (String ticket : progress.safetyViolations()) {
      incident.finding("safety violation flagged by a labeler on ticket " + ticket);
    }
    return progress;
  }

  /**
   * Fresh production tickets of the scope for recheck {@code round}, none of them drawn before.
   *
   * @throws io.temporal.failure.ActivityFailure when no sample could be drawn
   */
  ProblemSample pullRecheckSample(int round) {
    StartRegressionRequest request = incident.request();
    ProblemSample sample =
        incidents("recheck sample " + round + " of " + request.scope())
            .pullRecheckSample(
                new RecheckSampleQuery(
                    request.scope(),
                    incident.id(),
                    round,
                    request.problemTicketCount(),
                    request.windowDays(),
                    sampleIds));
    sampleIds.add(sample.sampleId());
    return sample;
  }

  /**
   * Opens the labeling book of a sample, asks labelers, and waits until every ticket is labeled or
   * the deadline passes; the closed book's decisions stay in the report.
   */
  LabelingProgress label(ProblemSample sample, String title) {
    if (book != null) {
      closedBooks.add(book.state());
    }
    Instant opened = now();
    Instant deadline = opened.plus(incident.settings().labelingDeadline());
    sampleRef = sample.ref();
    book =
        new LabelingBook(
            new LabelingSample(
                sample.sampleId(),
                sample.ticketIds(),
                opened,
                deadline,
                incident.settings().labelingQuorum()));
    journal.waitFor(
        "labels for " + sample.ticketIds().size() + " tickets of " + sample.sampleId(),
        LabelingBook.LABELING_ROLES,
        deadline);
    journal.notify(
        "labeling_requested",
        "labeler",
        title,
        "sample " + sample.sampleId() + " at " + sample.ref() + ", until " + deadline);
    awaitLabels(opened, deadline);
    return book.close(now());
  }

  /**
   * Until every ticket is labeled or the deadline: a reminder to labelers at each interval, and one
   * escalation to on-call when quorum is still missing at {@code labelingEscalationAfter}.
   */
  private void awaitLabels(Instant opened, Instant deadline) {
    IncidentSettings settings = incident.settings();
    HumanWait.await(
        book::complete,
        new HumanWait.Schedule(
            deadline,
            opened,
            settings.labelingReminderInterval(),
            opened.plus(settings.labelingEscalationAfter()),
            () -> book.progress().quorumReached()),
        this::showProgress,
        notice -> {
          LabelingProgress progress = book.progress();
          String counted = progress.labeledTickets() + " of " + progress.sampleSize() + " labeled";
          if (notice == HumanNotice.ESCALATION) {
            journal.record(
                Entry.of("labeling escalated to on-call: " + counted)
                    .notify(
                        notice.kind(),
                        "oncall",
                        "labeling for incident " + incident.id() + " short of quorum",
                        counted + "; deadline " + deadline));
          } else {
            journal.notify(
                notice.kind(),
                "labeler",
                "labeling for incident " + incident.id(),
                counted + "; deadline " + deadline);
          }
        });
  }

  /** Writes the labels of the book of {@code sample} where the evaluation runbook reads them. */
  String writeLabeledSample(ProblemSample sample) {
    return incidents("labeled sample " + sample.sampleId())
        .writeLabeledSample(new LabeledSampleRequest(sample.sampleId(), book.state().labels()));
  }

  int labeledTickets() {
    return book.progress().labeledTickets();
  }

  void validate(SubmitLabelRequest label) {
    if (!hasSample()) {
      throw new IllegalStateException(
          "incident "
              + incident.id()
              + " has no labeling sample yet (step "
              + journal.step().wireName()
              + ")");
    }
    book.validate(label, now());
  }

  LabelingProgress submit(SubmitLabelRequest label) {
    LabelingProgress progress = book.apply(label, now());
    if (journal.isAt(IncidentStep.LABELING, IncidentStep.RECHECK)) {
      showProgress();
    }
    return progress;
  }

  /** Whether a sample was pulled for labeling. */
  boolean hasSample() {
    return book != null;
  }

  void refuse(SubmitLabelRequest label, String reason, Instant now) {
    book.refuse(label, reason, now);
  }

  private void showProgress() {
    LabelingProgress progress = book.progress();
    journal.show(
        "waiting for labelers: "
            + progress.labeledTickets()
            + " of "
            + progress.sampleSize()
            + " labeled, quorum "
            + (progress.quorumReached() ? "reached" : "not reached")
            + ", until "
            + journal.until());
  }

  /** The book being labeled or last closed; null before the problem sample is pulled. */
  LabelingState state() {
    return book == null ? null : book.state();
  }

  /** Where the sanitized text of the current book's sample is; null without a book. */
  String sampleRef() {
    return book == null ? null : sampleRef;
  }

  /** The books closed before the current one, oldest first. */
  List<LabelingState> closedBooks() {
    return closedBooks;
  }

  /** Who labeled what, in every book, oldest first. */
  List<Decision> decisions() {
    List<Decision> decisions = new ArrayList<>();
    closedBooks.forEach(l -> decisions.addAll(l.decisions()));
    decisions.addAll(book.state().decisions());
    return decisions;
  }
}
