package com.evalops.workflows.cadence;

import java.util.List;

/**
 * A sampled ticket a reviewer found misrouted: a candidate for golden set expansion.
 *
 * @param reasons one per reviewer who said team or template was wrong, with the reviewer's
 *     correction when given; never ticket text or the reviewer's free-text note
 */
public record GoldenCandidate(String ticketId, List<String> reasons) {
  public GoldenCandidate {
    reasons = List.copyOf(reasons);
  }
}
