package com.evalops.activities.runbook;

import com.evalops.harness.comparison.ComparisonThresholds;
import com.evalops.harness.contract.ContractViolation;
import com.evalops.harness.contract.GoldenSet;
import com.evalops.harness.contract.JsonlReader;
import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.Taxonomy;
import com.evalops.harness.contract.TaxonomyFile;
import com.evalops.harness.contract.Ticket;
import com.evalops.harness.contract.TicketFile;
import com.evalops.harness.evaluation.DatasetRef;
import com.evalops.harness.evaluation.Evaluation;
import com.evalops.harness.evaluation.EvaluationRequest;
import com.evalops.harness.evaluation.PredictionSource;
import com.evalops.harness.evaluation.ResumableRouting;
import com.evalops.harness.evaluation.RoutingCheckpoint;
import com.evalops.harness.ids.ConfinedPaths;
import com.evalops.harness.recalibration.ThresholdSweep;
import com.evalops.harness.report.Csv;
import com.evalops.harness.report.ReportFiles;
import com.evalops.harness.report.ReportReader;
import com.evalops.harness.router.Router;
import com.evalops.harness.router.reference.ReferenceRouter;
import com.evalops.harness.sanitize.PiiSanitizer;
import com.evalops.stores.artifact.ArtifactStore;
import com.evalops.stores.artifact.RunArtifacts;
import com.evalops.stores.config.RouterConfigStore;
import com.evalops.workflows.ErrorType;
import com.evalops.workflows.runbook.DatasetSelection;
import com.evalops.workflows.runbook.DatasetSnapshot;
import com.evalops.workflows.runbook.EvaluationActivities;
import com.evalops.workflows.runbook.HarnessRun;
import com.evalops.workflows.runbook.RunHarnessRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.common.converter.DataConverterException;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;

/** Runs the evaluation harness for the runbooks, on the files {@link HarnessSettings} names. */
public final class EvaluationActivitiesImpl implements EvaluationActivities {
  private static final Logger LOG = Logger.getLogger(EvaluationActivitiesImpl.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(2);

  private final HarnessSettings settings;
  private final RouterConfigStore configs;
  private final ArtifactStore artifacts;
  private final Clock clock;
  private final Routers routers;
  private final Duration heartbeatEvery;
  private final PiiSanitizer sanitizer = new PiiSanitizer();

  public EvaluationActivitiesImpl(
      HarnessSettings settings, RouterConfigStore configs, ArtifactStore artifacts, Clock clock) {
    this(settings, configs, artifacts, clock, ReferenceRouter::new, HEARTBEAT_EVERY);
  }

  /**
   * @param routers opens the router under test
   * @param heartbeatEvery also how often routing checkpoints; tests pass zero, for a checkpoint
   *     after every ticket
   */
  EvaluationActivitiesImpl(
      HarnessSettings settings,
      RouterConfigStore configs,
      ArtifactStore artifacts,
      Clock clock,
      Routers routers,
      Duration heartbeatEvery) {
    this.settings = settings;
    this.configs = configs;
    this.artifacts = artifacts;
    this.clock = clock;
    this.routers = routers;
    this.heartbeatEvery = heartbeatEvery;
  }

  /** Opens the router under test for a run's config, trained on the model's training set. */
  @FunctionalInterface
  interface Routers {
    Router open(List<Ticket> training, Taxonomy taxonomy, RouterConfig config);
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
        Path file = settings.sampleFile(selection.sampleRef());
        JsonlReader.FileDigest digest = TicketFile.stream(file, taxonomy, (t, l) -> {});
        return new DatasetSnapshot(
            DatasetSelection.SAMPLE, null, file.toString(), digest.sha256(), digest.rows());
      }
      throw invalid("dataset kind must be golden or sample, not \"" + selection.kind() + "\"");
    } catch (ContractViolation | IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
  }

  /**
   * Runs the harness; a retried attempt resumes routing from the last checkpoint the failed one
   * heartbeated, and routes only the tickets after it.
   */
  @Override
  public HarnessRun runHarness(RunHarnessRequest request) {
    Path out;
    Path partial;
    try {
      out = settings.runDir(request.runId());
      partial = settings.partialPredictionsFile(request.runId());
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
    if (Files.isRegularFile(out.resolve(ReportFiles.METRICS))) {
      // A retry after the report was written: the run already happened, report it; but a report
      // of other inputs under the same run id is another run, never this one's result.
      requireSameRun(request, readJson(out.resolve(ReportFiles.METRICS)));
      deleteQuietly(partial);
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
      ActivityExecutionContext context = Activity.getExecutionContext();
      HarnessHeartbeats heartbeats =
          new HarnessHeartbeats(context, request.runId(), heartbeatEvery);
      try (Router router = routers.open(TicketFile.load(training, taxonomy), taxonomy, config)) {
        Evaluation.run(
            new EvaluationRequest(
                request.runId(),
                clock.instant(),
                dataset,
                new PredictionSource.FromRouter(
                    router,
                    new ResumableRouting(
                        partial,
                        lastCheckpoint(context, request.runId()),
                        heartbeatEvery,
                        heartbeats)),
                taxonomy,
                config,
                out,
                baseline,
                ComparisonThresholds.DEFAULTS,
                ThresholdSweep.DEFAULT_TARGET_PRECISION,
                sanitizer::sanitize),
            heartbeats);
      }
      return summarize(request, out);
    } catch (ContractViolation | IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
  }

  private static void requireSameRun(RunHarnessRequest request, JsonNode metrics) {
    String config = metrics.path("config").path("config_version").asText(null);
    String sha256 = metrics.path("dataset").path("sha256").asText(null);
    if (!request.configVersion().equals(config) || !request.dataset().sha256().equals(sha256)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "run id "
              + request.runId()
              + " already names a run of config "
              + config
              + " on data sha256 "
              + sha256
              + "; this request is config "
              + request.configVersion()
              + " on sha256 "
              + request.dataset().sha256()
              + ": a run id names one run",
          ErrorType.CONFLICT.name());
    }
  }

  private RouterConfig loadConfig(String version) {
    if (!configs.versions().contains(version)) {
      throw notFound("no router config version " + version + "; known: " + configs.versions());
    }
    return configs.get(version);
  }

  /** The snapshot {@link #selectDataset} took, read again only from where it may lie. */
  private DatasetRef datasetRef(DatasetSnapshot snapshot) {
    if (DatasetSelection.GOLDEN.equals(snapshot.kind())) {
      Path golden = settings.datasetRoot().resolve("golden");
      return DatasetRef.golden(
          GoldenSet.open(ConfinedPaths.under(golden, Path.of(snapshot.ref()))));
    }
    return new DatasetRef(
        snapshot.kind(), snapshot.version(), settings.sampleFile(snapshot.ref()), null);
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
        stored.location().toString(),
        loadConfig(request.configVersion()).anySafeMode());
  }

  /** Templates sent although the gates forbid it: candidates to disable until fixed. */
  private static List<String> templatesInViolations(Path out) {
    Set<String> templates = new TreeSet<>();
    Csv.read(out.resolve(ReportFiles.TIER2)).stream()
        .skip(1)
        .filter(c -> c.size() > 3 && !c.get(3).isEmpty())
        .forEach(c -> templates.add(c.get(3)));
    return List.copyOf(templates);
  }

  private static JsonNode readJson(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Where the previous attempt's routing stood, or null when there is nothing to resume. */
  private static RoutingCheckpoint lastCheckpoint(ActivityExecutionContext context, String runId) {
    try {
      return context
          .getHeartbeatDetails(HarnessCheckpoint.class)
          .map(HarnessCheckpoint::routing)
          .orElse(null);
    } catch (DataConverterException e) {
      // Heartbeated by a worker of an older version, whose details were progress text.
      LOG.warning(
          () ->
              "run "
                  + runId
                  + ": routing every ticket again; the last heartbeat is not a checkpoint: "
                  + e.getMessage());
      return null;
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Harmless when left: a run resumes from it only when given a checkpoint that matches it.
    }
  }

  private static ApplicationFailure invalid(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, ErrorType.INVALID_INPUT.name());
  }

  private static ApplicationFailure notFound(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, ErrorType.NOT_FOUND.name());
  }
}
