package com.evalops.cli.client;

import com.evalops.cli.ExitCodes;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A verb that calls the engine: it gets a client for {@code --engine}/{@code --as}, and a failed
 * request becomes one line on standard error and its exit code (see {@link EngineClient}).
 */
public abstract class EngineCommand implements Callable<Integer> {
  @Spec protected CommandSpec spec;

  @ArgGroup(validate = false, heading = "%nEngine, identity and output:%n", order = 100)
  EngineOptions connection;

  @Override
  public final Integer call() {
    try {
      return execute(options().client());
    } catch (EngineException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(e.getMessage());
      err.flush();
      return e.exitCode();
    } finally {
      out().flush();
    }
  }

  /** Does the verb's requests; returns the exit code. */
  protected abstract int execute(EngineClient engine);

  /** The options; picocli leaves the group null when none of them is given. */
  private EngineOptions options() {
    if (connection == null) {
      connection = new EngineOptions();
    }
    return connection;
  }

  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /**
   * Prints the engine's answer: as JSON with {@code --json}, else as {@code text} writes it.
   * Returns {@link ExitCodes#OK}.
   */
  protected int print(JsonNode answer, Consumer<PrintWriter> text) {
    if (options().json()) {
      out().println(EngineClient.pretty(answer));
    } else {
      text.accept(out());
    }
    return ExitCodes.OK;
  }
}
