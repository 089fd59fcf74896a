package com.evalops.cli;

import com.evalops.cli.audit.DecisionsCommand;
import com.evalops.cli.audit.RunsCommand;
import com.evalops.cli.bench.BenchCommand;
import com.evalops.cli.demo.DemoCommand;
import com.evalops.cli.eval.EvalCommand;
import com.evalops.cli.human.DecideCommand;
import com.evalops.cli.human.LabelCommand;
import com.evalops.cli.human.VoteCommand;
import com.evalops.cli.human.WhoAmICommand;
import com.evalops.cli.incident.IncidentCommand;
import com.evalops.cli.incident.SafeModeCommand;
import com.evalops.cli.run.RunCommand;
import com.evalops.cli.run.StatusCommand;
import com.evalops.cli.schedule.SchedulesCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code evalops}: the on-call command line of the EvalOps Runbook Engine. */
@Command(
    name = "evalops",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "EvalOps Runbook Engine: evaluation and incident runbooks for the ticket router.",
    subcommands = {
      DemoCommand.class,
      RunCommand.class,
      IncidentCommand.class,
      LabelCommand.class,
      DecideCommand.class,
      VoteCommand.Approve.class,
      VoteCommand.Reject.class,
      SafeModeCommand.class,
      StatusCommand.class,
      RunsCommand.class,
      DecisionsCommand.class,
      SchedulesCommand.class,
      WhoAmICommand.class,
      EvalCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Verbs other than eval and bench call the engine (start one with ./evalops up): its URL is"
          + " --engine or EVALOPS_ENGINE_URL (default http://localhost:8080); who acts is the"
          + " token in EVALOPS_TOKEN, or --as IDENTITY with a laptop engine's demo identities."
          + " --json prints the engine's answer for scripts.",
      "",
      "Exit codes: 0 success (eval: verdict PASS); 1 eval verdict other than PASS, or the engine"
          + " refused (its reason is printed); 2 invalid input or usage, or not found; 3 the run"
          + " could not complete (router or I/O failure, no engine, engine error)."
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
        .setParameterExceptionHandler(EvalopsCommand::usageError)
        .setCaseInsensitiveEnumValuesAllowed(true);
  }

  /** A usage error in one line and where to read more, instead of the whole usage text. */
  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    err.println("error: " + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("see: " + command.getCommandSpec().qualifiedName() + " --help");
    return ExitCodes.INVALID_INPUT;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
