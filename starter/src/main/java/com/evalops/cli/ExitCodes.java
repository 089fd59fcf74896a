package com.evalops.cli;

/** The process exit codes every command keeps to. */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int NOT_PASS = 1;
  public static final int INVALID_INPUT = 2;
  public static final int FAILED = 3;

  private ExitCodes() {}
}
