package com.evalops.workflows.runbook;

/**
 * An action the runbook proposes after a verdict (seed §2 step 4).
 *
 * @param kind {@code do_not_ship}, {@code threshold_adjust}, {@code template_disable}, {@code
 *     rollback}, {@code investigate_enforcement}, {@code review_misroutes}, {@code safe_mode}
 * @param material true when the change touches policy or customer copy: leadership approves it
 */
public record RecommendedAction(String kind, String detail, boolean material) {}
