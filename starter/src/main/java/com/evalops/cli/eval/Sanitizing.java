package com.evalops.cli.eval;

import com.evalops.harness.sanitize.PiiSanitizer;
import java.util.function.UnaryOperator;

/** The PII masking applied to ticket text before it is written into a report. */
final class Sanitizing {
  private static final PiiSanitizer SANITIZER = new PiiSanitizer();

  private Sanitizing() {}

  static UnaryOperator<String> forReports() {
    return SANITIZER::sanitize;
  }
}
