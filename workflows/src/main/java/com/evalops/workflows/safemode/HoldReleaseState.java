package com.evalops.workflows.safemode;

import com.evalops.workflows.approval.ApprovalState;
import com.evalops.workflows.config.HoldState;
import java.time.Instant;
import java.util.List;

/**
 * What the release of an orphaned hold is doing now, for the {@code state()} query.
 *
 * @param step {@code judging}, {@code release_gate}, {@code approval}, {@code applying}, {@code
 *     done}
 * @param hold the hold as Temporal was asked about it; null before
 * @param outcome null until done
 */
public record HoldReleaseState(
    String scope,
    String holder,
    String step,
    HoldState hold,
    String waitingFor,
    Instant until,
    ApprovalState approvals,
    List<String> history,
    String outcome) {

  public HoldReleaseState {
    history = List.copyOf(history);
  }
}
