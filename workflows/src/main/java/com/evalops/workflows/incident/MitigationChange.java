package com.evalops.workflows.incident;

import java.util.List;

/**
 * An approved mitigation to apply as a new router-config version.
 *
 * @param approvedBy the approvers' actor ids
 */
public record MitigationChange(
    String incidentId,
    String requestId,
    String kind,
    String details,
    String baseConfigVersion,
    List<String> approvedBy) {
  public MitigationChange {
    approvedBy = List.copyOf(approvedBy);
  }
}
