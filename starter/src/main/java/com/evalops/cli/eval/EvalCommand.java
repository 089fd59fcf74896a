package com.evalops.cli.eval;

import com.evalops.cli.ExitCodes;
import com.evalops.harness.comparison.ComparisonThresholds;
import com.evalops.harness.contract.GoldenSet;
import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.RouterConfigFile;
import com.evalops.harness.contract.Taxonomy;
import com.evalops.harness.contract.TaxonomyFile;
import com.evalops.harness.evaluation.DatasetRef;
import com.evalops.harness.evaluation.Evaluation;
import com.evalops.harness.evaluation.EvaluationReport;
import com.evalops.harness.evaluation.EvaluationRequest;
import com.evalops.harness.evaluation.PredictionSource;
import com.evalops.harness.evaluation.ProgressListener;
import com.evalops.harness.gates.Verdict;
import com.evalops.harness.recalibration.ThresholdSweep;
import com.evalops.harness.router.Router;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code evalops eval}: the offline evaluation (seed §2 steps 1–3) on files. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Scores the router on a ticket set, applies the gates and writes the report folder;"
          + " prints the verdict and headline numbers.",
      "Exit 0 for PASS, 1 for STOP, INVESTIGATE or REVIEW, 2 for invalid input or usage,"
          + " 3 when the router could not be reached."
    })
public final class EvalCommand implements Callable<Integer> {
  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  @Spec CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1", heading = "Data (one of):%n")
  Data data;

  static final class Data {
    @Option(names = "--tickets", paramLabel = "FILE", description = "A ticket file (JSONL).")
    Path tickets;

    @Option(
        names = "--golden",
        paramLabel = "DIR",
        description = "A golden-set version folder (tickets.jsonl + manifest.json).")
    Path golden;
  }

  @Mixin RouterOptions router;

  @Option(names = "--taxonomy", required = true, paramLabel = "FILE", description = "taxonomy.json")
  Path taxonomy;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "The router config in force (router-config.json).")
  Path config;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Report folder to create (must not hold files yet). Default: data/runs/<run id>.")
  Path out;

  @Option(
      names = "--baseline",
      paramLabel = "DIR",
      description = "Report folder of the baseline run to compare with.")
  Path baseline;

  @Option(
      names = "--run-id",
      paramLabel = "ID",
      description = "Default: eval-<UTC time>-<config version>.")
  String runId;

  @Option(
      names = "--target-precision",
      paramLabel = "P",
      defaultValue = "" + ThresholdSweep.DEFAULT_TARGET_PRECISION,
      description =
          "Precision the threshold recommendation must reach (default: ${DEFAULT-VALUE}).")
  double targetPrecision;

  @Option(
      names = "--max-confusion-shift",
      paramLabel = "SHIFT",
      defaultValue = "0.05",
      description = "A confusion shift above this is large (default: ${DEFAULT-VALUE}).")
  double maxConfusionShift;

  @Option(
      names = "--min-support",
      paramLabel = "N",
      defaultValue = "10",
      description =
          "Recall drops count for intents with at least N tickets (default: ${DEFAULT-VALUE}).")
  long minSupport;

  @Option(
      names = "--max-recall-drop",
      paramLabel = "DROP",
      defaultValue = "0.10",
      description =
          "A recall fall of at least this on such an intent is large (default: ${DEFAULT-VALUE}).")
  double maxRecallDrop;

  @Option(
      names = "--max-macro-f1-drop",
      paramLabel = "DROP",
      defaultValue = "0.02",
      description = "A macro F1 fall of at least this is large (default: ${DEFAULT-VALUE}).")
  double maxMacroF1Drop;

  @Option(names = "--quiet", description = "No progress output.")
  boolean quiet;

  @Option(names = "--stats", description = "Also print elapsed time, rows/s and peak heap.")
  boolean stats;

  @Override
  public Integer call() {
    long started = System.nanoTime();
    HeapWatch heap = stats ? HeapWatch.start() : null;
    PrintWriter out = spec.commandLine().getOut();
    router.validate();
    Taxonomy tax = TaxonomyFile.load(taxonomy);
    RouterConfig routerConfig = RouterConfigFile.load(config);
    DatasetRef dataset;
    if (data.golden != null) {
      GoldenSet set = GoldenSet.open(data.golden);
      set.requireTaxonomy(tax);
      dataset = DatasetRef.golden(set);
    } else {
      dataset = DatasetRef.tickets(data.tickets);
    }
    Instant now = Clock.systemUTC().instant();
    String id =
        runId != null
            ? runId
            : "eval-" + RUN_ID_TIME.format(now) + "-" + routerConfig.configVersion();
    ProgressListener progress =
        quiet ? ProgressListener.NONE : new ConsoleProgress(spec.commandLine().getErr());
    try (Router routerUnderTest = router.open(tax, routerConfig, taxonomy)) {
      PredictionSource source =
          routerUnderTest == null
              ? new PredictionSource.FromFile(router.predictionsFile())
              : new PredictionSource.FromRouter(routerUnderTest);
      EvaluationReport report =
          Evaluation.run(
              new EvaluationRequest(
                  id,
                  now,
                  dataset,
                  source,
                  tax,
                  routerConfig,
                  this.out != null ? this.out : Path.of("data", "runs", id),
                  baseline,
                  new ComparisonThresholds(
                      maxConfusionShift, minSupport, maxRecallDrop, maxMacroF1Drop),
                  targetPrecision,
                  Sanitizing.forReports()),
              progress);
      out.print(VerdictText.render(report));
      if (stats) {
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf(
            java.util.Locale.ROOT,
            "stats: %.2f s, %,.0f rows/s, most heap kept after a GC %.0f MB, heap limit %d MB%n",
            seconds,
            report.dataset().count() / seconds,
            heap.maxBytesAfterGc() / 1e6,
            Runtime.getRuntime().maxMemory() >> 20);
      }
      out.flush();
      return report.interpretation().verdict() == Verdict.PASS ? ExitCodes.OK : ExitCodes.NOT_PASS;
    }
  }
}
