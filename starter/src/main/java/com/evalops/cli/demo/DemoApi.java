package com.evalops.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;

/** The engine's API as the demo's people use it: each call is made as one identity. */
interface DemoApi {
  JsonNode get(String identity, String path);

  JsonNode post(String identity, String path, Object body);

  /** A 4xx answer: a refusal (403, 409) or bad input (400), with the engine's reason. */
  final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    Refused(int status, String reason) {
      super(reason);
      this.status = status;
    }

    int status() {
      return status;
    }
  }
}
