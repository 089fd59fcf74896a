package com.evalops.cli;

/** The process exit codes every command keeps to. */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int NOT_PASS = 1;

  /** The engine refused a human action: no or unknown token, a role that may not, a validator. */
  public static final int REFUSED = 1;

  public static final int INVALID_INPUT = 2;

  /** The run could not complete, or the engine could not be reached or failed. */
  public static final int FAILED = 3;

  private ExitCodes() {}
}
