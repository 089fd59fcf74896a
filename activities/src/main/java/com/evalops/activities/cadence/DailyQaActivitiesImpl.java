package com.evalops.activities.cadence;

import com.evalops.activities.routinglog.SanitizedSampleFile;
import com.evalops.harness.contract.ContractViolation;
import com.evalops.harness.contract.RoutingLogEntry;
import com.evalops.harness.contract.RoutingLogFile;
import com.evalops.harness.sampling.DailySample;
import com.evalops.harness.sampling.StratifiedSampler;
import com.evalops.harness.sanitize.PiiSanitizer;
import com.evalops.stores.storage.AtomicFiles;
import com.evalops.stores.storage.Sha256;
import com.evalops.workflows.ErrorType;
import com.evalops.workflows.cadence.DailyQaActivities;
import com.evalops.workflows.cadence.GoldenCandidate;
import com.evalops.workflows.cadence.QaNotesRequest;
import com.evalops.workflows.cadence.QaSample;
import com.evalops.workflows.cadence.SampleQuery;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Draws the daily sample from the routing log file and writes the sample and the QA notes under
 * {@link DailyQaFiles}. Ticket text leaves the routing log only sanitized, and the workflow gets
 * ids, counts and file URIs, never the text.
 */
public final class DailyQaActivitiesImpl implements DailyQaActivities {
  private final DailyQaFiles files;
  private final PiiSanitizer sanitizer = new PiiSanitizer();

  public DailyQaActivitiesImpl(DailyQaFiles files) {
    this.files = files;
  }

  @Override
  public QaSample drawSample(SampleQuery query) {
    LocalDate day = parseDay(query.day());
    StratifiedSampler sampler;
    List<RoutingLogEntry> entries;
    try {
      sampler = new StratifiedSampler(query.sampleSize(), StratifiedSampler.DEFAULT_TOP_INTENTS);
      // Refuses a weekend before the whole log is read.
      StratifiedSampler.businessDay(List.of(), day);
      if (!Files.isRegularFile(files.routingLog())) {
        throw notFound("no routing log at " + files.routingLog());
      }
      List<RoutingLogEntry> ofDay = new ArrayList<>();
      RoutingLogFile.stream(
          files.routingLog(),
          (entry, line) -> {
            if (entry.createdAt().atZone(ZoneOffset.UTC).toLocalDate().equals(day)) {
              ofDay.add(entry);
            }
          });
      entries = StratifiedSampler.businessDay(ofDay, day);
    } catch (ContractViolation | IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
    if (entries.isEmpty()) {
      throw notFound("the routing log " + files.routingLog() + " has no entries on " + day);
    }
    DailySample sample = sampler.sample(entries, query.seed());

    Set<String> chosen = Set.copyOf(sample.ticketIds());
    Map<String, RoutingLogEntry> byId = new TreeMap<>();
    entries.stream()
        .filter(e -> chosen.contains(e.ticketId()))
        .forEach(e -> byId.put(e.ticketId(), e));
    Path file = files.sampleFile(query.day(), query.seed());
    AtomicFiles.write(file, SanitizedSampleFile.lines(byId.values(), sanitizer));
    Map<String, String> intents = new LinkedHashMap<>();
    byId.forEach((id, e) -> intents.put(id, e.prediction().intent()));
    return new QaSample(
        "daily-qa-" + query.day() + "-seed" + query.seed(),
        query.day(),
        sample.ticketIds(),
        intents,
        sample.allocation(),
        query.seed(),
        file.toUri().toString(),
        Sha256.of(files.routingLog()));
  }

  @Override
  public String writeQaNotes(QaNotesRequest notes) {
    Path file = files.notesFile(notes.day());
    AtomicFiles.write(file, sanitizer.sanitize(markdown(notes)).getBytes(StandardCharsets.UTF_8));
    return file.toUri().toString();
  }

  private static String markdown(QaNotesRequest n) {
    StringBuilder md = new StringBuilder();
    md.append("# Daily QA notes — ").append(n.day()).append("\n\n");
    if ("quorum_missed".equals(n.outcome())) {
      md.append(
          "**Labeling quorum missed**: these notes report a partial review; unlabeled tickets"
              + " were not checked.\n\n");
    }
    md.append("- Sample: `")
        .append(n.sampleId())
        .append("` (seed ")
        .append(n.seed())
        .append(", ")
        .append(n.sampleSize())
        .append(" tickets), entries at ")
        .append(n.sampleRef())
        .append('\n');
    md.append("- Labeled: ")
        .append(n.labeledTickets())
        .append(" of ")
        .append(n.sampleSize())
        .append(" tickets, ")
        .append(n.labels())
        .append(" labels; outcome `")
        .append(n.outcome())
        .append("`\n");
    md.append("- Reminders sent: ")
        .append(n.reminders())
        .append("; refused review attempts: ")
        .append(n.refusals())
        .append("\n\n");
    md.append("## Safety violations\n\n");
    list(md, n.safetyViolations());
    md.append("## Incidents flagged\n\n");
    list(md, n.incidents());
    md.append("## Golden set candidates\n\n");
    if (n.goldenCandidates().isEmpty()) {
      md.append("None.\n\n");
    } else {
      for (GoldenCandidate c : n.goldenCandidates()) {
        md.append("- ")
            .append(c.ticketId())
            .append(": ")
            .append(String.join("; ", c.reasons()))
            .append('\n');
      }
      md.append('\n');
    }
    md.append("## Reviewer disagreements\n\n");
    list(md, n.disagreements());
    return md.toString();
  }

  private static void list(StringBuilder md, List<String> items) {
    if (items.isEmpty()) {
      md.append("None.\n\n");
      return;
    }
    items.forEach(item -> md.append("- ").append(item).append('\n'));
    md.append('\n');
  }

  private static LocalDate parseDay(String day) {
    try {
      return LocalDate.parse(day);
    } catch (DateTimeParseException | NullPointerException e) {
      throw invalid("day must be an ISO date such as 2025-12-15, was \"" + day + "\"");
    }
  }

  private static ApplicationFailure invalid(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, ErrorType.INVALID_INPUT.name());
  }

  private static ApplicationFailure notFound(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, ErrorType.NOT_FOUND.name());
  }
}
