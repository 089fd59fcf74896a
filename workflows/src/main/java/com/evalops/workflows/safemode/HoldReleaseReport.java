package com.evalops.workflows.safemode;

/**
 * How a release of an orphaned hold ended.
 *
 * @param outcome {@code released}, {@code refused} (the hold is live or unknown, the change is
 *     invalid, or the release gate or the store refused it) or {@code no_change} (leadership
 *     rejected it or let it expire)
 * @param configVersion the config in force the release made current; null when nothing changed
 * @param reason why, for people
 */
public record HoldReleaseReport(
    String scope,
    String holder,
    String outcome,
    String configVersion,
    String reason,
    long decisionLogSeq) {}
