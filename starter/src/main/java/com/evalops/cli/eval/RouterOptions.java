package com.evalops.cli.eval;

import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.Taxonomy;
import com.evalops.harness.router.ReplayRouter;
import com.evalops.harness.router.Router;
import java.nio.file.Path;
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

  Path predictionsFile() {
    return predictions;
  }

  /**
   * @return the router to ask, or null when the predictions are a file
   */
  Router open(Taxonomy taxonomy, RouterConfig config, Path taxonomyFile) {
    if ((predictions == null) == (router == null)) {
      throw new IllegalArgumentException(
          "give exactly one of --predictions FILE or --router replay|reference|URL");
    }
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
    throw new IllegalArgumentException(
        "--router must be replay, reference or an http(s):// URL, not \"" + router + "\"");
  }
}
