package com.evalops.workflows.runbook;

import com.evalops.workflows.approval.ApprovalState;
import java.time.Instant;
import java.util.List;

/**
 * What a runbook is doing now, for the {@code state()} query.
 *
 * @param step {@code select}, {@code run}, {@code interpret}, {@code decide}, then for a config
 *     change {@code approve}, {@code release_gate} (the candidate's golden evaluation) and {@code
 *     applying}, or {@code safe_mode} (asking the incident for every scope); {@code store}, {@code
 *     done}
 * @param verdict null until interpreted
 * @param waitingFor whom the runbook waits for (roles), or null
 * @param waitingUntil until when, or null
 * @param history each step taken, in order, with what it found
 * @param approvals pending approvals, votes and refusals
 */
public record RunbookState(
    String runId,
    String step,
    String verdict,
    String decision,
    String waitingFor,
    Instant waitingUntil,
    List<String> history,
    ApprovalState approvals) {

  public RunbookState {
    history = List.copyOf(history);
  }
}
