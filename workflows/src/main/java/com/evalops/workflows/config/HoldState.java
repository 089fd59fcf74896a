package com.evalops.workflows.config;

/**
 * One safe-mode hold of the config in force, judged by asking Temporal about its holder
 * (config-releases.md §5).
 *
 * @param state {@link #LIVE}, {@link #ORPHANED} or {@link #UNKNOWN}
 * @param why what Temporal said, for people
 */
public record HoldState(String scope, String holder, String state, String why) {
  /** The holder's runbook is running: only its own approved exit releases the hold. */
  public static final String LIVE = "live";

  /** The holder's runbook ended without releasing, or is unknown: released only by leadership. */
  public static final String ORPHANED = "orphaned";

  /** Temporal could not be asked: judged neither way. */
  public static final String UNKNOWN = "unknown";

  public boolean orphaned() {
    return ORPHANED.equals(state);
  }
}
