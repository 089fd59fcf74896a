package com.evalops.cli.client;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which engine, as whom, and how to print: the options every engine verb takes. */
public final class EngineOptions {
  @Option(
      names = "--as",
      paramLabel = "IDENTITY",
      description = {
        "Act as this demo identity of a laptop engine (oncall-ana, oncall-ben, labeler-li,"
            + " labeler-mo, lead-1, lead-2, auditor-au): its token is read from the file the"
            + " engine writes, data/dev-tokens.properties (or EVALOPS_DEV_TOKENS).",
        "Without it: the token in EVALOPS_TOKEN."
      })
  String identity;

  @Option(
      names = "--engine",
      paramLabel = "URL",
      description = "The engine. Default: EVALOPS_ENGINE_URL, else " + EngineClient.DEFAULT_URL)
  String engineUrl;

  @Option(
      names = "--dev-tokens",
      paramLabel = "FILE",
      description =
          "The laptop engine's dev tokens file for --as. Default: EVALOPS_DEV_TOKENS, else"
              + " data/dev-tokens.properties")
  Path devTokens;

  @Option(
      names = "--json",
      description = "Print the engine's JSON answer as is (indented), for scripts.")
  boolean json;

  /** A client for these options and the process environment. */
  public EngineClient client() {
    return EngineClient.connect(engineUrl, identity, devTokens, System.getenv());
  }

  public boolean json() {
    return json;
  }
}
