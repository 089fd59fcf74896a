package com.evalops.workflows.approval;

/**
 * How much labeling is enough to proceed at the deadline: at least {@code minPercent} of the sample
 * labeled, or at least {@code minTickets} tickets (0 turns that alternative off). Integer percent
 * keeps the rule free of rounding surprises.
 */
public record LabelingQuorum(int minPercent, int minTickets) {
  public LabelingQuorum {
    if (minPercent < 0 || minPercent > 100) {
      throw new IllegalArgumentException("minPercent must be within 0..100, was " + minPercent);
    }
    if (minTickets < 0) {
      throw new IllegalArgumentException("minTickets must not be negative, was " + minTickets);
    }
    if (minPercent == 0 && minTickets == 0) {
      throw new IllegalArgumentException("a quorum needs minPercent or minTickets");
    }
  }

  public boolean reachedBy(int labeledTickets, int sampleSize) {
    boolean byPercent = minPercent > 0 && labeledTickets * 100L >= (long) minPercent * sampleSize;
    boolean byCount = minTickets > 0 && labeledTickets >= minTickets;
    return byPercent || byCount;
  }
}
