package com.evalops.stores.ledger;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A Decision Log entry: one per runbook decision, linking the run's artifacts and the people who
 * decided, and to the exact data it scored ({@code datasetVersion}, {@code datasetSha256}). {@code
 * appliedConfigVersion} is null when the decision changed no config.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DecisionEntry(
    String entryId,
    String runId,
    String runbookKind,
    String verdict,
    String decision,
    List<ActorAction> actors,
    URI artifactLocation,
    String configVersion,
    String appliedConfigVersion,
    List<String> reasons,
    String datasetVersion,
    String datasetSha256)
    implements LedgerRecord {
  public DecisionEntry {
    Objects.requireNonNull(entryId, "entry_id");
    Objects.requireNonNull(runId, "run_id");
    actors = actors == null ? List.of() : List.copyOf(actors);
    reasons = reasons == null ? List.of() : List.copyOf(reasons);
  }
}
