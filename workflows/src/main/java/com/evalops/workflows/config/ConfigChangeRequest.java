package com.evalops.workflows.config;

import java.util.List;

/**
 * An approved change to the router config, applied as a new version (data contract §3).
 *
 * @param changeId deterministic (workflow id + step): a retried apply finishes the first one
 * @param kind {@code threshold_adjust}, {@code template_disable}, {@code safe_mode} or {@code
 *     rollback}
 * @param baseVersion the version the change starts from
 * @param threshold the new global confidence threshold (threshold_adjust)
 * @param template the template to disable (template_disable)
 * @param rollbackTo the version whose content comes back (rollback)
 * @param approvedBy who approved; never only the proposer
 */
public record ConfigChangeRequest(
    String changeId,
    String kind,
    String baseVersion,
    Double threshold,
    String template,
    String rollbackTo,
    String requestedBy,
    List<String> approvedBy,
    String reason,
    String linkedRunId) {

  public static final String THRESHOLD_ADJUST = "threshold_adjust";
  public static final String TEMPLATE_DISABLE = "template_disable";
  public static final String SAFE_MODE = "safe_mode";
  public static final String ROLLBACK = "rollback";

  public static final List<String> KINDS =
      List.of(THRESHOLD_ADJUST, TEMPLATE_DISABLE, SAFE_MODE, ROLLBACK);

  public ConfigChangeRequest {
    approvedBy = List.copyOf(approvedBy);
  }
}
