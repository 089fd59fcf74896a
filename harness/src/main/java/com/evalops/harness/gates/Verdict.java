package com.evalops.harness.gates;

/** What the gates say of a run (data contract §8), most severe first. */
public enum Verdict {
  /** A Tier 0 ticket was routed away from the specialists: do not ship the change under test. */
  STOP,
  /** The router automated where the policy forbids it: policy enforcement is broken. */
  INVESTIGATE,
  /** Routing shifted a lot against the baseline: review misroute examples before shipping. */
  REVIEW,
  PASS
}
