package com.evalops.worker.web;

import com.evalops.activities.audit.AcceptedBaselines;
import com.evalops.harness.report.Csv;
import com.evalops.stores.artifact.ArtifactIntegrityException;
import com.evalops.stores.artifact.ArtifactStore;
import com.evalops.stores.ledger.DecisionEntry;
import com.evalops.stores.ledger.Ledger;
import com.evalops.worker.config.EvalopsProperties;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * A run's report (data contract §7) as the console shows it, read from the artifact store and
 * checked against the run's manifest: headline metrics, Tier 0 and Tier 2 findings, the confusion
 * matrix and per-intent scores.
 */
@Component
public class RunReports {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern RUN_IN_LOCATION = Pattern.compile("eval_runs/([^/]+)/?");

  private final ArtifactStore artifacts;
  private final Ledger<DecisionEntry> decisionLog;
  private final String goldenVersion;

  @Autowired
  public RunReports(
      ArtifactStore artifacts, Ledger<DecisionEntry> decisionLog, EvalopsProperties props) {
    this(artifacts, decisionLog, props.goldenVersion());
  }

  /**
   * @param goldenVersion the current golden-set version, whose accepted baseline the console
   *     compares runs with
   */
  RunReports(ArtifactStore artifacts, Ledger<DecisionEntry> decisionLog, String goldenVersion) {
    this.artifacts = artifacts;
    this.decisionLog = decisionLog;
    this.goldenVersion = goldenVersion;
  }

  /** The run id in an artifact location ({@code …/eval_runs/<run id>/}), if it names one. */
  static Optional<String> runIdOf(Object location) {
    if (location == null) {
      return Optional.empty();
    }
    Matcher m = RUN_IN_LOCATION.matcher(location.toString());
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  boolean exists(String runId) {
    return artifacts.exists(runId);
  }

  /** The files of a complete run, as its manifest lists them. */
  List<String> files(String runId) {
    return artifacts.exists(runId)
        ? List.copyOf(new TreeSet<>(artifacts.readManifest(runId).files().keySet()))
        : List.of();
  }

  byte[] file(String runId, String file) {
    return artifacts.readVerified(runId, file);
  }

  /** {@code metrics.json} of a run, or empty when the run or the file is not there. */
  @SuppressWarnings("unchecked")
  Optional<Map<String, Object>> metrics(String runId) {
    if (!hasFile(runId, "metrics.json")) {
      return Optional.empty();
    }
    return Optional.of(JSON.readValue(artifacts.readVerified(runId, "metrics.json"), Map.class));
  }

  /**
   * The accepted baseline of the current golden set, as every runbook compares with it ({@link
   * AcceptedBaselines}), when its artifacts are in the store.
   */
  Optional<String> baselineRun() {
    return AcceptedBaselines.latest(decisionLog, goldenVersion).filter(artifacts::exists);
  }

  /** The headline numbers of a run, with the baseline's beside them when there is one. */
  List<Headline> headlines(Map<String, Object> run, Map<String, Object> baseline) {
    List<Headline> out = new ArrayList<>();
    for (String[] m :
        new String[][] {
          {"macro_f1", "Macro F1"},
          {"accuracy", "Accuracy"},
          {"macro_precision", "Macro precision"},
          {"macro_recall", "Macro recall"},
          {"team_accuracy", "Team accuracy"},
          {"template_accuracy", "Template accuracy"},
          {"tier0.fn", "Tier 0 false negatives"},
          {"tier0.fp", "Tier 0 false positives"},
          {"tier2_violations", "Tier 2 violations"},
          {"unsafe_automations", "Unsafe automations"}
        }) {
      Double value = number(run, m[0]);
      if (value == null) {
        continue;
      }
      Double base = baseline == null ? null : number(baseline, m[0]);
      out.add(
          new Headline(m[1], value, base, m[0].startsWith("tier") || m[0].startsWith("unsafe")));
    }
    return out;
  }

  /** One headline number. Counts are integers; rates have three decimals. */
  public record Headline(String name, double value, Double baseline, boolean count) {
    public String shown() {
      return format(value);
    }

    public String baselineShown() {
      return baseline == null ? "—" : format(baseline);
    }

    public String delta() {
      if (baseline == null) {
        return "";
      }
      double d = value - baseline;
      return (d >= 0 ? "+" : "") + format(d);
    }

    /** Whether the change is for the worse (lower rate, or more Tier 0/2 findings). */
    public boolean worse() {
      if (baseline == null) {
        return false;
      }
      return count ? value > baseline : value < baseline - 1e-9;
    }

    private String format(double v) {
      return count ? String.valueOf(Math.round(v)) : String.format(Locale.ROOT, "%.3f", v);
    }
  }

  /** The rows of a CSV artifact (header first), at most {@code limit} data rows. */
  List<List<String>> csv(String runId, String file, int limit) {
    List<List<String>> rows = rows(runId, file);
    return rows.size() > limit + 1 ? List.copyOf(rows.subList(0, limit + 1)) : rows;
  }

  /** The number of data rows of a CSV artifact. */
  int csvCount(String runId, String file) {
    return Math.max(0, rows(runId, file).size() - 1);
  }

  private List<List<String>> rows(String runId, String file) {
    if (!hasFile(runId, file)) {
      return List.of();
    }
    return Csv.read(new String(artifacts.readVerified(runId, file), StandardCharsets.UTF_8));
  }

  /** The confusion matrix as a heat map, or empty. */
  String heatMap(String runId) {
    List<List<String>> rows = csv(runId, "confusion_matrix.csv", Integer.MAX_VALUE - 1);
    if (rows.size() < 2) {
      return "";
    }
    List<String> labels = rows.get(0).subList(1, rows.get(0).size());
    int n = labels.size();
    long[][] counts = new long[n][n];
    for (int i = 0; i < n && i + 1 < rows.size(); i++) {
      List<String> row = rows.get(i + 1);
      for (int j = 0; j < n && j + 1 < row.size(); j++) {
        counts[i][j] = Long.parseLong(row.get(j + 1).trim());
      }
    }
    return Charts.heatMap(labels, counts);
  }

  /** Per-intent precision and recall bars, or empty. */
  String bars(String runId) {
    List<List<String>> rows = csv(runId, "per_intent.csv", Integer.MAX_VALUE - 1);
    List<Charts.IntentScore> scores = new ArrayList<>();
    for (List<String> row : rows.subList(Math.min(1, rows.size()), rows.size())) {
      if (row.size() >= 5) {
        scores.add(
            new Charts.IntentScore(
                row.get(0),
                Double.parseDouble(row.get(1)),
                Double.parseDouble(row.get(2)),
                Long.parseLong(row.get(4).trim())));
      }
    }
    return Charts.bars(scores);
  }

  private boolean hasFile(String runId, String file) {
    try {
      return artifacts.exists(runId) && artifacts.readManifest(runId).files().containsKey(file);
    } catch (ArtifactIntegrityException e) {
      return false;
    }
  }

  @SuppressWarnings("unchecked")
  private static Double number(Map<String, Object> json, String path) {
    Object node = json;
    for (String key : path.split("\\.")) {
      if (!(node instanceof Map<?, ?> map)) {
        return null;
      }
      node = ((Map<String, Object>) map).get(key);
    }
    return node instanceof Number n ? n.doubleValue() : null;
  }
}
