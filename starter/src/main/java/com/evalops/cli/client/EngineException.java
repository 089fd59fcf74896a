package com.evalops.cli.client;

/**
 * An engine request that did not succeed, as the command line reports it: one line to print and the
 * exit code it stands for ({@link com.evalops.cli.ExitCodes}).
 *
 * @see EngineClient for how answers map to exit codes
 */
public final class EngineException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final int exitCode;
  private final String reason;
  private final String field;

  /**
   * @param status the HTTP status, or 0 when no answer came (no engine, time-out, bad set-up)
   * @param exitCode the process exit code this failure stands for
   * @param message the line to print
   * @param reason the engine's own reason, or the cause when no answer came
   * @param field the request field a 400 names, or null
   */
  public EngineException(int status, int exitCode, String message, String reason, String field) {
    super(message);
    this.status = status;
    this.exitCode = exitCode;
    this.reason = reason;
    this.field = field;
  }

  /** The HTTP status; 0 when the engine gave no answer. */
  public int status() {
    return status;
  }

  public int exitCode() {
    return exitCode;
  }

  /** The engine's {@code reason} (for a refusal: the workflow validator's words). */
  public String reason() {
    return reason;
  }

  /** The field a bad request names, or null. */
  public String field() {
    return field;
  }
}
