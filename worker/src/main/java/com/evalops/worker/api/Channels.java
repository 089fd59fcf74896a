package com.evalops.worker.api;

import jakarta.servlet.http.HttpServletRequest;

/** Which door a human action came through, as recorded in workflows and logs. */
final class Channels {
  static final String HEADER = "X-Evalops-Channel";

  private Channels() {}

  /** {@code cli} when the command line says so, else {@code api}; nothing else is accepted. */
  static String of(HttpServletRequest request) {
    String claimed = request.getHeader(HEADER);
    return "cli".equals(claimed) ? "cli" : "api";
  }
}
