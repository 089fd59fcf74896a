package com.evalops.workflows.runbook;

import java.util.List;

/**
 * What a runbook is doing now, for the {@code state()} query.
 *
 * @param step {@code select}, {@code run}, {@code interpret}, {@code decide}, {@code store}, {@code
 *     done}
 * @param verdict null until interpreted
 * @param history each step taken, in order, with what it found
 */
public record RunbookState(
    String runId, String step, String verdict, String decision, List<String> history) {

  public RunbookState {
    history = List.copyOf(history);
  }
}
