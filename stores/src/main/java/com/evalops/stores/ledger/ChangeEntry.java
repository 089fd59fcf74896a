package com.evalops.stores.ledger;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Objects;

/**
 * A Change Log entry: one per router-config change. {@code diff} is the readable field-by-field
 * summary; {@code rolledBackTo} names the restored version of a rollback, null otherwise; {@code
 * changeDigest} is the SHA-256 of the approved change's canonical operations (config-releases §2),
 * null for changes recorded without one.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChangeEntry(
    String entryId,
    Kind kind,
    String fromVersion,
    String toVersion,
    String rolledBackTo,
    List<String> diff,
    String requestedBy,
    List<String> approvedBy,
    String reason,
    String linkedRunId,
    String linkedDecisionId,
    String changeDigest)
    implements LedgerRecord {
  public enum Kind {
    APPLY,
    ROLLBACK
  }

  public ChangeEntry {
    Objects.requireNonNull(entryId, "entry_id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(toVersion, "to_version");
    diff = diff == null ? List.of() : List.copyOf(diff);
    approvedBy = approvedBy == null ? List.of() : List.copyOf(approvedBy);
  }

  /** An entry without a change digest. */
  public ChangeEntry(
      String entryId,
      Kind kind,
      String fromVersion,
      String toVersion,
      String rolledBackTo,
      List<String> diff,
      String requestedBy,
      List<String> approvedBy,
      String reason,
      String linkedRunId,
      String linkedDecisionId) {
    this(
        entryId,
        kind,
        fromVersion,
        toVersion,
        rolledBackTo,
        diff,
        requestedBy,
        approvedBy,
        reason,
        linkedRunId,
        linkedDecisionId,
        null);
  }
}
