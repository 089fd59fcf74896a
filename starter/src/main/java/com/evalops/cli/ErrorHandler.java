package com.evalops.cli;

import com.evalops.harness.contract.ContractViolation;
import com.evalops.harness.router.RouterException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Turns a failed command into one clear line on standard error and an exit code, instead of a stack
 * trace: bad input names the file, line, field and value (exit 2); a run that could not complete
 * says why (exit 3).
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    var err = commandLine.getErr();
    if (e instanceof ContractViolation || e instanceof IllegalArgumentException) {
      err.println("error: " + e.getMessage());
      return ExitCodes.INVALID_INPUT;
    }
    if (e instanceof RouterException || e instanceof UncheckedIOException) {
      err.println("failed: " + e.getMessage());
      return ExitCodes.FAILED;
    }
    err.println("failed: " + e);
    e.printStackTrace(err);
    return ExitCodes.FAILED;
  }
}
