package com.evalops.harness.evaluation;

import com.evalops.harness.contract.GoldenSet;
import java.nio.file.Path;

/**
 * The data a run scores, by reference.
 *
 * @param kind {@code golden}, {@code sample} or {@code tickets}
 * @param version the golden-set version, or null for other kinds
 * @param goldenSet the golden set whose manifest is checked, or null for other kinds
 */
public record DatasetRef(String kind, String version, Path ticketsFile, GoldenSet goldenSet) {

  public static DatasetRef golden(GoldenSet set) {
    return new DatasetRef("golden", set.manifest().version(), set.ticketsFile(), set);
  }

  public static DatasetRef tickets(Path file) {
    return new DatasetRef("tickets", null, file, null);
  }
}
