package com.evalops.workflows.cadence;

import java.util.List;

/** The router-config version a proposal became, its Change Log entry and the readable diff. */
public record AppliedChange(
    String fromVersion, String newConfigVersion, String changeEntryId, List<String> diff) {

  public AppliedChange {
    diff = List.copyOf(diff);
  }
}
