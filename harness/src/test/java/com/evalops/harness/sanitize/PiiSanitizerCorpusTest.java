package com.evalops.harness.sanitize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Measures the sanitizer on two corpora under {@code src/test/resources/pii}: the share of PII
 * strings it removes from realistic ticket texts, and the share of PII-free texts it changes. The
 * figures are printed so that they can be quoted.
 */
class PiiSanitizerCorpusTest {
  /** What the sanitizer reaches on corpus.tsv, which holds known misses on purpose. */
  private static final double MIN_MASKING_RATE = 0.95;

  private final PiiSanitizer sanitizer = new PiiSanitizer();

  @Test
  void givenThePiiCorpus_whenSanitized_thenAtLeast95PercentOfThePiiStringsAreRemoved()
      throws IOException {
    int total = 0;
    int removed = 0;
    Map<String, int[]> byKind = new TreeMap<>();
    List<String> missed = new ArrayList<>();
    for (String[] row : rows("/pii/corpus.tsv")) {
      String sanitized = sanitizer.sanitize(row[0]);
      for (String pii : row[1].split(" \\| ")) {
        boolean gone = isRemoved(pii, sanitized);
        total++;
        removed += gone ? 1 : 0;
        int[] counts = byKind.computeIfAbsent(row[2], kind -> new int[2]);
        counts[0] += gone ? 1 : 0;
        counts[1]++;
        if (!gone) {
          missed.add(pii + " in \"" + sanitized.replace("\n", "\\n") + "\"");
        }
      }
    }
    double rate = (double) removed / total;
    StringBuilder report =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "PII corpus: %d of %d PII strings removed, masking rate %.3f%n",
                removed,
                total,
                rate));
    byKind.forEach(
        (kind, counts) ->
            report.append(
                String.format(Locale.ROOT, "  %-14s %d/%d%n", kind, counts[0], counts[1])));
    missed.forEach(miss -> report.append("  missed: ").append(miss).append('\n'));
    System.out.print(report);

    assertTrue(total >= 50, "the corpus holds at least 50 PII strings, not " + total);
    assertTrue(rate >= MIN_MASKING_RATE, report::toString);
  }

  @Test
  void givenTheNonPiiCorpus_whenSanitized_thenNoTextChanges() throws IOException {
    List<String[]> rows = rows("/pii/non_pii.tsv");
    List<String> changed = new ArrayList<>();
    for (String[] row : rows) {
      String sanitized = sanitizer.sanitize(row[0]);
      if (!sanitized.equals(row[0])) {
        changed.add(row[0].replace("\n", "\\n") + " -> " + sanitized.replace("\n", "\\n"));
      }
    }
    System.out.printf(
        Locale.ROOT,
        "Non-PII corpus: %d of %d texts changed, false-positive rate %.3f%n",
        changed.size(),
        rows.size(),
        (double) changed.size() / rows.size());
    changed.forEach(change -> System.out.println("  changed: " + change));

    assertTrue(rows.size() >= 30, "the corpus holds at least 30 texts, not " + rows.size());
    assertEquals(List.of(), changed);
  }

  /**
   * Removed means gone entirely: neither the string nor any of its words with a letter in it
   * ("olivia", "o'brien", "DE89") is left, ignoring case, so half a name does not count.
   */
  private static boolean isRemoved(String pii, String sanitized) {
    String text = sanitized.toLowerCase(Locale.ROOT);
    if (text.contains(pii.toLowerCase(Locale.ROOT))) {
      return false;
    }
    for (String word : pii.toLowerCase(Locale.ROOT).split("\\s+")) {
      boolean hasLetter = word.chars().anyMatch(Character::isLetter);
      if (hasLetter
          && Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(word) + "(?![\\p{L}\\p{N}])")
              .matcher(text)
              .find()) {
        return false;
      }
    }
    return true;
  }

  /** The rows of a tab-separated corpus, without comments and blank lines; \n read as a break. */
  private static List<String[]> rows(String resource) throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (InputStream in = PiiSanitizerCorpusTest.class.getResourceAsStream(resource);
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = reader.readLine()) != null; ) {
        if (!line.isBlank() && !line.startsWith("#")) {
          String[] columns = line.split("\t");
          columns[0] = columns[0].replace("\\n", "\n");
          rows.add(columns);
        }
      }
    }
    return rows;
  }
}
