package com.evalops.harness.evaluation;

import com.evalops.harness.comparison.BaselineComparator;
import com.evalops.harness.comparison.Comparison;
import com.evalops.harness.contract.ContractViolation;
import com.evalops.harness.contract.JsonlReader;
import com.evalops.harness.contract.RoutableTicket;
import com.evalops.harness.contract.Ticket;
import com.evalops.harness.contract.TicketFile;
import com.evalops.harness.gates.Gates;
import com.evalops.harness.gates.Interpretation;
import com.evalops.harness.metrics.EvaluationMetrics;
import com.evalops.harness.report.ReportFiles;
import com.evalops.harness.report.ReportReader;
import com.evalops.harness.report.ReportWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Runs the harness (seed §2 step 2–3): scores the router's predictions against the data, applies
 * the gates and writes the report folder.
 *
 * <p>The folder appears whole or not at all: everything is written to a staging folder beside it
 * and moved into place at the end, so a failed or interrupted run leaves no half report.
 */
public final class Evaluation {
  private Evaluation() {}

  public static EvaluationReport run(EvaluationRequest request, ProgressListener progress) {
    Path out = request.outDir().toAbsolutePath().normalize();
    refuseExistingReport(out);
    // Read the baseline first: a wrong baseline path should fail before minutes of scoring.
    ReportReader.PastRun baseline =
        request.baselineDir() == null ? null : ReportReader.load(request.baselineDir());
    Path staging = createStaging(out);
    try {
      EvaluationReport report = score(request, baseline, staging, progress);
      publish(staging, out);
      deletePartialPredictions(request);
      return withFolder(report, out);
    } catch (RuntimeException e) {
      deleteQuietly(staging);
      throw e;
    }
  }

  private static EvaluationReport score(
      EvaluationRequest request,
      ReportReader.PastRun baseline,
      Path staging,
      ProgressListener progress) {
    Path predictionsFile =
        request.predictions() instanceof PredictionSource.FromFile f
            ? f.file()
            : route(
                request, (PredictionSource.FromRouter) request.predictions(), staging, progress);
    PredictionIndex predictions = PredictionIndex.load(predictionsFile, progress);
    Path ticketsFile = request.dataset().ticketsFile();
    // The line of the ticket each prediction was matched with; 0 while unmatched. Both halves
    // of the tickets file mark it at once, so a ticket id repeated across them is still caught.
    AtomicIntegerArray matchedLine = new AtomicIntegerArray(predictions.size());
    AtomicLong scored = new AtomicLong();
    long total = predictions.size();
    Scorer[] scorers = new Scorer[2];
    JsonlReader.FileDigest digest;
    try (ScoringRows first = ScoringRows.first(staging);
        ScoringRows second = ScoringRows.second(staging)) {
      digest =
          TicketFile.streamInParts(
              ticketsFile,
              request.taxonomy(),
              part -> {
                Scorer scorer = (part == 0 ? first : second).scorer(request);
                scorers[part] = scorer;
                return (ticket, line) -> {
                  int i = predictions.indexOf(ticket.ticketId());
                  if (i < 0) {
                    throw new ContractViolation(
                        predictionsFile,
                        0,
                        "ticket_id",
                        "\"" + ticket.ticketId() + "\"",
                        "missing prediction for the ticket on line " + line + " of " + ticketsFile);
                  }
                  int other = matchedLine.compareAndExchange(i, 0, (int) line);
                  if (other != 0) {
                    throw new ContractViolation(
                        ticketsFile,
                        Math.max(other, line),
                        "ticket_id",
                        "\"" + ticket.ticketId() + "\"",
                        "duplicate ticket_id (first on line " + Math.min(other, line) + ")");
                  }
                  scorer.add(ticket, predictions.get(i, ticket.ticketId()));
                  long done = scored.incrementAndGet();
                  if ((done & 0xFFFF) == 0) {
                    progress.progress("scoring tickets", done, total);
                  }
                };
              });
      progress.progress("scoring tickets", scored.get(), total);
    }
    ScoringRows.appendSecondToFirst(staging);
    for (int i = 0; i < predictions.size(); i++) {
      if (matchedLine.get(i) == 0) {
        throw predictions.unmatched(i, ticketsFile);
      }
    }
    Scorer scorer = scorers[1] == null ? scorers[0] : scorers[0].merge(scorers[1]);
    if (request.dataset().goldenSet() != null) {
      request.dataset().goldenSet().verify(digest);
    }

    EvaluationMetrics metrics = scorer.metrics();
    Comparison comparison =
        baseline == null
            ? null
            : BaselineComparator.compare(
                metrics, baseline.metrics(), baseline.runId(), request.thresholds());
    Interpretation interpretation =
        Gates.interpret(metrics.tier0().fn(), metrics.tier2Violations(), comparison);
    EvaluationReport report =
        new EvaluationReport(
            request.runId(),
            request.createdAt(),
            new DatasetInfo(
                request.dataset().kind(),
                request.dataset().version(),
                digest.sha256(),
                digest.rows()),
            request.taxonomy().taxonomyVersion(),
            request.config(),
            request.predictions().describe(),
            metrics,
            scorer.unknownIntents(),
            comparison,
            interpretation,
            scorer.sweep().steps(),
            scorer.sweep().recommend(request.targetPrecision()),
            staging);
    ReportWriter.writeSummaries(staging, report);
    return report;
  }

  /**
   * Asks the router for every ticket and keeps its answers in the report as predictions.jsonl. A
   * resumable run writes them to its partial file first and asks only for the tickets after its
   * checkpoint; the report's copy is byte for byte what an uninterrupted run writes.
   */
  private static Path route(
      EvaluationRequest request,
      PredictionSource.FromRouter source,
      Path staging,
      ProgressListener progress) {
    List<RoutableTicket> tickets = new ArrayList<>();
    JsonlReader.FileDigest digest =
        TicketFile.stream(
            request.dataset().ticketsFile(),
            request.taxonomy(),
            (Ticket ticket, long line) -> tickets.add(ticket.routable()));
    if (request.dataset().goldenSet() != null) {
      request.dataset().goldenSet().verify(digest);
    }
    Path file = staging.resolve(ReportFiles.PREDICTIONS);
    ResumableRouting resumable = source.resumable();
    try (RoutingJournal journal =
        resumable == null
            ? RoutingJournal.create(file, false)
            : RoutingJournal.resume(resumable, tickets)) {
      int skipped = (int) journal.routed();
      long checkpointEvery =
          resumable == null ? Long.MAX_VALUE : resumable.checkpointEvery().toNanos();
      long[] lastCheckpoint = {System.nanoTime()};
      if (skipped < tickets.size()) {
        source
            .router()
            .routeAll(
                tickets.subList(skipped, tickets.size()),
                prediction -> {
                  journal.write(prediction);
                  long now = System.nanoTime();
                  if (now - lastCheckpoint[0] >= checkpointEvery) {
                    lastCheckpoint[0] = now;
                    resumable.listener().checkpointed(journal.checkpoint());
                  }
                },
                (done, total) ->
                    progress.progress("routing tickets", skipped + done, skipped + total));
      }
      if (resumable != null) {
        resumable.listener().checkpointed(journal.checkpoint());
      }
    }
    if (resumable != null) {
      try {
        Files.copy(resumable.partialFile(), file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot copy the predictions into " + file, e);
      }
    }
    return file;
  }

  private static void refuseExistingReport(Path out) {
    if (Files.isDirectory(out)) {
      try (Stream<Path> entries = Files.list(out)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException(
              "output folder " + out + " already holds files; name a new folder for this run");
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + out, e);
      }
    } else if (Files.exists(out)) {
      throw new IllegalArgumentException("output path " + out + " is a file, not a folder");
    }
  }

  private static Path createStaging(Path out) {
    try {
      Files.createDirectories(out.getParent());
      return Files.createTempDirectory(out.getParent(), "." + out.getFileName() + ".partial-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a folder beside " + out, e);
    }
  }

  private static void publish(Path staging, Path out) {
    try {
      Files.deleteIfExists(out);
      Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
    } catch (DirectoryNotEmptyException | FileAlreadyExistsException e) {
      throw new IllegalArgumentException(
          "output folder " + out + " was filled by someone else during the run", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move the report into " + out, e);
    }
  }

  /** The report holds every prediction now, so the partial file has served its purpose. */
  private static void deletePartialPredictions(EvaluationRequest request) {
    if (request.predictions() instanceof PredictionSource.FromRouter r && r.resumable() != null) {
      try {
        Files.deleteIfExists(r.resumable().partialFile());
      } catch (IOException e) {
        // Harmless when left: a run resumes from it only when given a checkpoint that matches it.
      }
    }
  }

  private static EvaluationReport withFolder(EvaluationReport r, Path folder) {
    return new EvaluationReport(
        r.runId(),
        r.createdAt(),
        r.dataset(),
        r.taxonomyVersion(),
        r.config(),
        r.router(),
        r.metrics(),
        r.unknownIntents(),
        r.comparison(),
        r.interpretation(),
        r.sweep(),
        r.recommendation(),
        folder);
  }

  private static void deleteQuietly(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Leaving a hidden staging folder behind is harmless; the run's own error matters more.
    }
  }
}
