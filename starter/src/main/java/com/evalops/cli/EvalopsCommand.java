package com.evalops.cli;

import com.evalops.cli.bench.BenchCommand;
import com.evalops.cli.eval.EvalCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code evalops}: the on-call command line of the EvalOps Runbook Engine. */
@Command(
    name = "evalops",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "EvalOps Runbook Engine: evaluation and incident runbooks for the ticket router.",
    subcommands = {EvalCommand.class, BenchCommand.class, CommandLine.HelpCommand.class},
    footer = {
      "",
      "Exit codes: 0 success (eval: verdict PASS), 1 eval verdict other than PASS,",
      "2 invalid input or usage, 3 the run could not complete (router or I/O failure)."
    })
public final class EvalopsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** The configured command line; tests execute it in-process. */
  public static CommandLine newCommandLine() {
    return new CommandLine(new EvalopsCommand())
        .setExecutionExceptionHandler(new ErrorHandler())
        .setCaseInsensitiveEnumValuesAllowed(true);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
