package com.evalops.activities.cadence;

import com.evalops.harness.ids.SafeIds;
import java.nio.file.Path;

/**
 * Where daily QA reads the routing log and keeps its files.
 *
 * @param routingLog the production routing log (data contract §5), JSON Lines
 * @param outputDir one folder per day, holding the sanitized sample and the QA notes
 */
public record DailyQaFiles(Path routingLog, Path outputDir) {

  /** The day's folder; the day is checked as an id so it stays a folder of {@code outputDir}. */
  public Path dayDir(String day) {
    return SafeIds.resolve(outputDir, "day", day);
  }

  public Path sampleFile(String day, long seed) {
    return dayDir(day).resolve("sample-seed" + seed + ".jsonl");
  }

  public Path notesFile(String day) {
    return dayDir(day).resolve("qa-notes.md");
  }
}
