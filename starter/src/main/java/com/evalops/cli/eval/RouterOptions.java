package com.evalops.cli.eval;

import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.Taxonomy;
import com.evalops.harness.contract.TicketFile;
import com.evalops.harness.router.ReplayRouter;
import com.evalops.harness.router.Router;
import com.evalops.harness.router.http.HttpRouter;
import com.evalops.harness.router.http.HttpRouterOptions;
import com.evalops.harness.router.reference.ReferenceRouter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where the predictions come from: a file, or a router asked now. */
final class RouterOptions {

  @Option(
      names = "--predictions",
      paramLabel = "FILE",
      description = "Predictions already on disk (JSONL, one per ticket).")
  Path predictions;

  @Option(
      names = "--router",
      paramLabel = "replay|reference|URL",
      description = {
        "replay: answers recorded in --routing-log;",
        "reference: the local reference classifier, trained on --training;",
        "http(s)://…: a routing service, POST {url}/route per ticket."
      })
  String router;

  @Option(
      names = "--routing-log",
      paramLabel = "FILE",
      description = "Production routing log to replay (with --router replay).")
  Path routingLog;

  @Option(
      names = "--training",
      paramLabel = "FILE",
      description = {
        "Labeled tickets the reference router learns from (with --router reference).",
        "Default: training/<model_version>.jsonl beside the taxonomy."
      })
  Path training;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "16",
      description = "Requests in flight to a routing service (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--timeout-ms",
      paramLabel = "MS",
      defaultValue = "10000",
      description = "Timeout of one request to a routing service (default: ${DEFAULT-VALUE}).")
  long timeoutMillis;

  @Option(
      names = "--max-attempts",
      paramLabel = "N",
      defaultValue = "4",
      description = "Attempts per ticket, with exponential backoff (default: ${DEFAULT-VALUE}).")
  int maxAttempts;

  @Option(
      names = "--max-rps",
      paramLabel = "R",
      defaultValue = "0",
      description = "Requests per second to a routing service at most; 0: no limit (default).")
  double maxRequestsPerSecond;

  Path predictionsFile() {
    return predictions;
  }

  /**
   * @return the router to ask, or null when the predictions are a file
   */
  /** Refuses a wrong combination of options before any file is read. */
  void validate() {
    if ((predictions == null) == (router == null)) {
      throw new IllegalArgumentException(
          "give exactly one of --predictions FILE or --router replay|reference|URL");
    }
  }

  Router open(Taxonomy taxonomy, RouterConfig config, Path taxonomyFile) {
    validate();
    if (predictions != null) {
      return null;
    }
    if (router.equals("replay")) {
      if (routingLog == null) {
        throw new IllegalArgumentException(
            "--router replay needs --routing-log FILE (or use --predictions FILE)");
      }
      return ReplayRouter.fromRoutingLog(routingLog);
    }
    if (router.equals("reference")) {
      Path trainingFile =
          training != null
              ? training
              : taxonomyFile
                  .toAbsolutePath()
                  .getParent()
                  .resolve("training")
                  .resolve(config.modelVersion() + ".jsonl");
      if (training == null && !Files.exists(trainingFile)) {
        throw new IllegalArgumentException(
            "no training set for model "
                + config.modelVersion()
                + " at "
                + trainingFile
                + "; give --training FILE");
      }
      return new ReferenceRouter(TicketFile.load(trainingFile, taxonomy), taxonomy, config);
    }
    if (router.startsWith("http://") || router.startsWith("https://")) {
      return new HttpRouter(
          new HttpRouterOptions(
              URI.create(router),
              concurrency,
              Duration.ofMillis(timeoutMillis),
              maxAttempts,
              HttpRouterOptions.DEFAULT_INITIAL_BACKOFF,
              maxRequestsPerSecond));
    }
    throw new IllegalArgumentException(
        "--router must be replay, reference or an http(s):// URL, not \"" + router + "\"");
  }
}
