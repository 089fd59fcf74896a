package com.evalops.harness.evaluation;

import com.evalops.harness.report.Csv;
import com.evalops.harness.report.ReportFiles;
import com.evalops.harness.report.ReportWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The per-ticket CSV files one half of the tickets file writes into. The first half writes the
 * report's own files; the second half writes hidden part files, appended to them at the end so that
 * rows keep the tickets file's order.
 */
final class ScoringRows implements AutoCloseable {
  private static final List<String> FILES =
      List.of(ReportFiles.TIER0, ReportFiles.TIER2, ReportFiles.MISROUTES);
  private static final String SECOND_PREFIX = ".second-half.";

  private final Csv.Writer tier0;
  private final Csv.Writer tier2;
  private final Csv.Writer misroutes;

  private ScoringRows(Csv.Writer tier0, Csv.Writer tier2, Csv.Writer misroutes) {
    this.tier0 = tier0;
    this.tier2 = tier2;
    this.misroutes = misroutes;
  }

  static ScoringRows first(Path folder) {
    return new ScoringRows(
        ReportWriter.tier0Rows(folder),
        ReportWriter.tier2Rows(folder),
        ReportWriter.misrouteRows(folder));
  }

  static ScoringRows second(Path folder) {
    return new ScoringRows(
        Csv.withoutHeader(folder.resolve(SECOND_PREFIX + ReportFiles.TIER0)),
        Csv.withoutHeader(folder.resolve(SECOND_PREFIX + ReportFiles.TIER2)),
        Csv.withoutHeader(folder.resolve(SECOND_PREFIX + ReportFiles.MISROUTES)));
  }

  Scorer scorer(EvaluationRequest request) {
    return new Scorer(
        request.taxonomy(), request.config(), request.sanitizer(), tier0, tier2, misroutes);
  }

  /** Moves the second half's rows to the end of the report's files. */
  static void appendSecondToFirst(Path folder) {
    for (String name : FILES) {
      Path part = folder.resolve(SECOND_PREFIX + name);
      try (OutputStream out =
          Files.newOutputStream(folder.resolve(name), StandardOpenOption.APPEND)) {
        Files.copy(part, out);
        Files.delete(part);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + folder.resolve(name), e);
      }
    }
  }

  @Override
  public void close() {
    try (tier0;
        tier2;
        misroutes) {
      // try-with-resources closes all three, and reports the first failure.
    }
  }
}
