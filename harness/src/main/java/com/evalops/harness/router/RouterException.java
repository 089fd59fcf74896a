package com.evalops.harness.router;

/** A ticket could not be routed (service down, bad answer, no recorded prediction). */
public class RouterException extends RuntimeException {
  public RouterException(String message) {
    super(message);
  }

  public RouterException(String message, Throwable cause) {
    super(message, cause);
  }
}
