package com.evalops.harness.gates;

import java.util.List;

/** A verdict and the facts that decided it, in words a person can act on. */
public record Interpretation(Verdict verdict, List<String> reasons) {
  public Interpretation {
    reasons = List.copyOf(reasons);
  }
}
