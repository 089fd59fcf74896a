package com.evalops.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.evalops.harness.metrics.ConfusionMatrix;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportReaderTest {
  @TempDir Path dir;

  /** A predicted intent outside the taxonomy may be any string; the CSV writer quotes it. */
  @Test
  void givenLabelWithCommaAndQuotes_whenConfusionReadBack_thenSameMatrix() {
    String odd = "refund, \"partial\"";
    Path file = dir.resolve(ReportFiles.CONFUSION);
    try (Csv.Writer csv = Csv.open(file, "gold\\predicted", "billing", odd)) {
      csv.row("billing", 3L, 1L);
      csv.row(odd, 0L, 0L);
    }

    ConfusionMatrix matrix = ReportReader.readConfusion(file);

    assertEquals(
        new ConfusionMatrix(List.of("billing", odd), new long[][] {{3, 1}, {0, 0}}), matrix);
  }

  /** A label a spreadsheet would run is written guarded and still read back as the label. */
  @Test
  void givenFormulaLabel_whenConfusionReadBack_thenSameLabel() {
    String formula = "=cmd|' /C calc'!A0";
    Path file = dir.resolve(ReportFiles.CONFUSION);
    try (Csv.Writer csv = Csv.open(file, "gold\\predicted", formula)) {
      csv.row(formula, 2L);
    }

    assertEquals(
        new ConfusionMatrix(List.of(formula), new long[][] {{2}}),
        ReportReader.readConfusion(file));
  }
}
