package com.evalops.cli.bench;

import picocli.CommandLine.Command;

/** {@code evalops bench}: the performance benchmarks, runnable on any machine. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Performance benchmarks (see bench/README.md).",
    subcommands = {GenerateEvalDataCommand.class, BenchHttpRouterCommand.class})
public final class BenchCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
