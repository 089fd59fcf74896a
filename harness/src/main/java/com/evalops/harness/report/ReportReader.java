package com.evalops.harness.report;

import com.evalops.harness.contract.ContractViolation;
import com.evalops.harness.contract.JsonSyntax;
import com.evalops.harness.metrics.ConfusionMatrix;
import com.evalops.harness.metrics.EvaluationMetrics;
import com.evalops.harness.metrics.IntentScore;
import com.evalops.harness.metrics.Tier0Counts;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a report folder back, for use as the baseline of a later run. */
public final class ReportReader {
  private ReportReader() {}

  /** A past run: its id and its numbers. */
  public record PastRun(String runId, String verdict, EvaluationMetrics metrics) {}

  public static PastRun load(Path folder) {
    Path metricsFile = folder.resolve(ReportFiles.METRICS);
    JsonNode json;
    try {
      json = ReportWriter.JSON.readTree(metricsFile.toFile());
    } catch (IOException e) {
      if (!Files.exists(metricsFile)) {
        throw ContractViolation.ofFile(metricsFile, "not a report folder: metrics.json is missing");
      }
      throw ContractViolation.ofFile(
          metricsFile,
          e instanceof JsonProcessingException syntax
              ? "not valid JSON: " + JsonSyntax.problem(syntax)
              : "cannot read it: " + e.getMessage());
    }
    Map<String, IntentScore> perIntent = new LinkedHashMap<>();
    JsonNode per = required(metricsFile, json, "per_intent");
    per.properties()
        .forEach(
            e ->
                perIntent.put(
                    e.getKey(),
                    new IntentScore(
                        number(metricsFile, e.getValue(), "precision"),
                        number(metricsFile, e.getValue(), "recall"),
                        number(metricsFile, e.getValue(), "f1"),
                        (long) number(metricsFile, e.getValue(), "support"))));
    JsonNode tier0 = required(metricsFile, json, "tier0");
    ConfusionMatrix confusion = readConfusion(folder.resolve(ReportFiles.CONFUSION));
    EvaluationMetrics metrics =
        new EvaluationMetrics(
            confusion.total(),
            number(metricsFile, json, "accuracy"),
            number(metricsFile, json, "macro_f1"),
            number(metricsFile, json, "macro_precision"),
            number(metricsFile, json, "macro_recall"),
            number(metricsFile, json, "team_accuracy"),
            number(metricsFile, json, "template_accuracy"),
            perIntent,
            new Tier0Counts(
                (long) number(metricsFile, tier0, "tp"),
                (long) number(metricsFile, tier0, "fn"),
                (long) number(metricsFile, tier0, "fp")),
            (long) number(metricsFile, json, "tier2_violations"),
            (long) number(metricsFile, json, "unsafe_automations"),
            (long) number(metricsFile, json, "unknown_predicted_intents"),
            confusion);
    return new PastRun(
        required(metricsFile, json, "run_id").asText(),
        required(metricsFile, json, "verdict").asText(),
        metrics);
  }

  private static JsonNode required(Path file, JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new ContractViolation(file, 0, field, null, "missing from the baseline's metrics");
    }
    return value;
  }

  private static double number(Path file, JsonNode node, String field) {
    JsonNode value = required(file, node, field);
    if (!value.isNumber()) {
      throw new ContractViolation(file, 0, field, value.toString(), "must be a number");
    }
    return value.asDouble();
  }

  static ConfusionMatrix readConfusion(Path file) {
    if (!Files.exists(file)) {
      throw ContractViolation.ofFile(file, "not a report folder: confusion_matrix.csv is missing");
    }
    List<List<String>> rows;
    try {
      rows = Csv.read(file);
    } catch (IllegalArgumentException e) {
      throw ContractViolation.ofFile(file, e.getMessage());
    }
    if (rows.isEmpty()) {
      throw ContractViolation.ofFile(file, "the file is empty");
    }
    // A predicted intent outside the taxonomy may be any string: the labels come back whole.
    List<String> labels = new ArrayList<>(rows.get(0).subList(1, rows.get(0).size()));
    long[][] counts = new long[labels.size()][];
    for (int i = 0; i < labels.size(); i++) {
      long row = i + 2;
      if (i + 1 >= rows.size()) {
        throw new ContractViolation(file, row, null, null, "missing row for " + labels.get(i));
      }
      List<String> cells = rows.get(i + 1);
      if (cells.size() != labels.size() + 1 || !cells.get(0).equals(labels.get(i))) {
        throw new ContractViolation(
            file,
            row,
            null,
            null,
            "expected the row of " + labels.get(i) + " with one cell a label");
      }
      counts[i] = new long[labels.size()];
      for (int j = 0; j < labels.size(); j++) {
        try {
          counts[i][j] = Long.parseLong(cells.get(j + 1));
        } catch (NumberFormatException e) {
          throw new ContractViolation(
              file, row, labels.get(j), cells.get(j + 1), "must be a whole number");
        }
      }
    }
    return new ConfusionMatrix(labels, counts);
  }
}
