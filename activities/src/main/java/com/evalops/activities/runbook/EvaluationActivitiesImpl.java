package com.evalops.activities.runbook;

import com.evalops.activities.artifact.ArtifactStore;
import com.evalops.activities.artifact.RunArtifacts;
import com.evalops.activities.config.RouterConfigStore;
import com.evalops.harness.comparison.ComparisonThresholds;
import com.evalops.harness.contract.ContractViolation;
import com.evalops.harness.contract.GoldenSet;
import com.evalops.harness.contract.JsonlReader;
import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.Taxonomy;
import com.evalops.harness.contract.TaxonomyFile;
import com.evalops.harness.contract.TicketFile;
import com.evalops.harness.evaluation.DatasetRef;
import com.evalops.harness.evaluation.Evaluation;
import com.evalops.harness.evaluation.EvaluationRequest;
import com.evalops.harness.evaluation.PredictionSource;
import com.evalops.harness.evaluation.ProgressListener;
import com.evalops.harness.recalibration.ThresholdSweep;
import com.evalops.harness.report.ReportFiles;
import com.evalops.harness.report.ReportReader;
import com.evalops.harness.router.reference.ReferenceRouter;
import com.evalops.harness.sanitize.PiiSanitizer;
import com.evalops.workflows.ErrorType;
import com.evalops.workflows.runbook.DatasetSelection;
import com.evalops.workflows.runbook.DatasetSnapshot;
import com.evalops.workflows.runbook.EvaluationActivities;
import com.evalops.workflows.runbook.HarnessRun;
import com.evalops.workflows.runbook.RunHarnessRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Runs the evaluation harness for the runbooks, on the files {@link HarnessSettings} names. */
public final class EvaluationActivitiesImpl implements EvaluationActivities {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long HEARTBEAT_EVERY_NANOS = 2_000_000_000L;

  private final HarnessSettings settings;
  private final RouterConfigStore configs;
  private final ArtifactStore artifacts;
  private final Clock clock;
  private final PiiSanitizer sanitizer = new PiiSanitizer();

  public EvaluationActivitiesImpl(
      HarnessSettings settings, RouterConfigStore configs, ArtifactStore artifacts, Clock clock) {
    this.settings = settings;
    this.configs = configs;
    this.artifacts = artifacts;
    this.clock = clock;
  }

  @Override
  public DatasetSnapshot selectDataset(DatasetSelection selection) {
    try {
      Taxonomy taxonomy = TaxonomyFile.load(settings.taxonomyFile());
      if (DatasetSelection.GOLDEN.equals(selection.kind())) {
        String version =
            selection.goldenVersion() != null
                ? selection.goldenVersion()
                : settings.currentGoldenVersion();
        Path dir = settings.goldenDir(version);
        if (!Files.isDirectory(dir)) {
          throw notFound("no golden set version " + version + " at " + dir);
        }
        GoldenSet set = GoldenSet.open(dir);
        set.requireTaxonomy(taxonomy);
        JsonlReader.FileDigest digest =
            TicketFile.stream(set.ticketsFile(), taxonomy, (t, l) -> {});
        set.verify(digest);
        return new DatasetSnapshot(
            DatasetSelection.GOLDEN, version, dir.toString(), digest.sha256(), digest.rows());
      }
      if (DatasetSelection.SAMPLE.equals(selection.kind())) {
        Path file = Path.of(selection.sampleRef());
        JsonlReader.FileDigest digest = TicketFile.stream(file, taxonomy, (t, l) -> {});
        return new DatasetSnapshot(
            DatasetSelection.SAMPLE, null, file.toString(), digest.sha256(), digest.rows());
      }
      throw invalid("dataset kind must be golden or sample, not \"" + selection.kind() + "\"");
    } catch (ContractViolation e) {
      throw invalid(e.getMessage());
    }
  }

  @Override
  public HarnessRun runHarness(RunHarnessRequest request) {
    Path out = settings.runDir(request.runId());
    if (Files.isRegularFile(out.resolve(ReportFiles.METRICS))) {
      // A retry after the report was written: the run already happened, report it.
      return summarize(request, out);
    }
    try {
      Taxonomy taxonomy = TaxonomyFile.load(settings.taxonomyFile());
      RouterConfig config = loadConfig(request.configVersion());
      Path baseline = null;
      if (request.baselineRunId() != null) {
        baseline = settings.runDir(request.baselineRunId());
        if (!Files.isRegularFile(baseline.resolve(ReportFiles.METRICS))) {
          throw notFound(
              "no report of baseline run " + request.baselineRunId() + " at " + baseline);
        }
      }
      DatasetRef dataset = datasetRef(request.dataset());
      Path training = settings.trainingFile(config.modelVersion());
      if (!Files.isRegularFile(training)) {
        throw notFound("no training set for model " + config.modelVersion() + " at " + training);
      }
      try (ReferenceRouter router =
          new ReferenceRouter(TicketFile.load(training, taxonomy), taxonomy, config)) {
        Evaluation.run(
            new EvaluationRequest(
                request.runId(),
                clock.instant(),
                dataset,
                new PredictionSource.FromRouter(router),
                taxonomy,
                config,
                out,
                baseline,
                ComparisonThresholds.DEFAULTS,
                ThresholdSweep.DEFAULT_TARGET_PRECISION,
                sanitizer::sanitize),
            heartbeats());
      }
      return summarize(request, out);
    } catch (ContractViolation | IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
  }

  private RouterConfig loadConfig(String version) {
    if (!configs.versions().contains(version)) {
      throw notFound("no router config version " + version + "; known: " + configs.versions());
    }
    return configs.get(version);
  }

  private DatasetRef datasetRef(DatasetSnapshot snapshot) {
    if (DatasetSelection.GOLDEN.equals(snapshot.kind())) {
      return DatasetRef.golden(GoldenSet.open(Path.of(snapshot.ref())));
    }
    return new DatasetRef(snapshot.kind(), snapshot.version(), Path.of(snapshot.ref()), null);
  }

  /**
   * Publishes the report to the artifact store (again, harmlessly, on a retry) and reads the few
   * numbers a decision needs back from it.
   */
  private HarnessRun summarize(RunHarnessRequest request, Path out) {
    RunArtifacts stored = artifacts.putRun(request.runId(), out);
    ReportReader.PastRun run = ReportReader.load(out);
    JsonNode metrics = readJson(out.resolve(ReportFiles.METRICS));
    JsonNode comparison =
        Files.isRegularFile(out.resolve(ReportFiles.COMPARISON))
            ? readJson(out.resolve(ReportFiles.COMPARISON))
            : null;
    List<String> reasons = new ArrayList<>();
    metrics.get("verdict_reasons").forEach(r -> reasons.add(r.asText()));
    JsonNode threshold = metrics.get("threshold_recommendation").get("threshold");
    return new HarnessRun(
        request.runId(),
        run.verdict(),
        reasons,
        request.dataset(),
        request.configVersion(),
        metrics.get("config").get("confidence_threshold").asDouble(),
        request.baselineRunId(),
        run.metrics().accuracy(),
        run.metrics().macroF1(),
        comparison == null ? null : comparison.get("deltas").get("macro_f1").asDouble(),
        run.metrics().tier0().fn(),
        run.metrics().tier0().fp(),
        run.metrics().tier2Violations(),
        run.metrics().unsafeAutomations(),
        threshold == null || threshold.isNull() ? null : threshold.asDouble(),
        templatesInViolations(out),
        stored.location().toString());
  }

  /** Templates sent although the gates forbid it: candidates to disable until fixed. */
  private static List<String> templatesInViolations(Path out) {
    Set<String> templates = new TreeSet<>();
    try {
      List<String> rows = Files.readAllLines(out.resolve(ReportFiles.TIER2));
      rows.stream()
          .skip(1)
          .map(row -> row.split(",", -1))
          .filter(c -> c.length > 3 && !c[3].isEmpty())
          .forEach(c -> templates.add(c[3]));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(templates);
  }

  private static JsonNode readJson(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Heartbeats the harness's progress, at most every two seconds. */
  private static ProgressListener heartbeats() {
    long[] last = {System.nanoTime()};
    return (phase, done, total) -> {
      long now = System.nanoTime();
      if (now - last[0] >= HEARTBEAT_EVERY_NANOS) {
        last[0] = now;
        Activity.getExecutionContext().heartbeat(phase + " " + done + "/" + total);
      }
    };
  }

  private static ApplicationFailure invalid(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, ErrorType.INVALID_INPUT.name());
  }

  private static ApplicationFailure notFound(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, ErrorType.NOT_FOUND.name());
  }
}
