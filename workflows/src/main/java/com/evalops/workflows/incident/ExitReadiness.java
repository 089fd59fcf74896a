package com.evalops.workflows.incident;

import java.util.List;

/** How far the incident is from a safe-mode exit, after an evaluation or QA window is recorded. */
public record ExitReadiness(int consecutivePasses, int required, List<String> unmetConditions) {
  public ExitReadiness {
    unmetConditions = List.copyOf(unmetConditions);
  }
}
