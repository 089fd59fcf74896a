package com.evalops.workflows.cadence;

import com.evalops.workflows.approval.ApprovalState;
import java.util.List;

/**
 * What the monthly calibration is doing now, for the {@code state()} query.
 *
 * @param step {@code inputs}, {@code analyze}, {@code propose}, {@code approve}, {@code
 *     release_gate} (the candidate's golden evaluation), {@code applying}, {@code store}, {@code
 *     done}; runs recorded before typed releases show {@code apply}
 * @param proposal null until proposed
 * @param decision null until decided: {@code applied} or {@code no_change}
 * @param approval pending requests (from whom, until when), votes, refusals and the decision trail
 * @param history each step taken, in order, with what it found
 */
public record CalibrationState(
    String runId,
    String step,
    String configVersion,
    ChangeProposal proposal,
    String decision,
    ApprovalState approval,
    List<String> history) {

  public CalibrationState {
    history = List.copyOf(history);
  }
}
