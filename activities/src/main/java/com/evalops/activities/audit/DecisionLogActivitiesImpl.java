package com.evalops.activities.audit;

import com.evalops.stores.ledger.ActorAction;
import com.evalops.stores.ledger.DecisionEntry;
import com.evalops.stores.ledger.Ledger;
import com.evalops.workflows.audit.DecisionLogActivities;
import com.evalops.workflows.audit.DecisionRecord;
import com.evalops.workflows.audit.Participant;
import java.net.URI;

/** Appends runbook decisions to the hash-chained Decision Log; a retry finds its own entry. */
public final class DecisionLogActivitiesImpl implements DecisionLogActivities {
  private final Ledger<DecisionEntry> decisionLog;

  public DecisionLogActivitiesImpl(Ledger<DecisionEntry> decisionLog) {
    this.decisionLog = decisionLog;
  }

  @Override
  public long recordDecision(DecisionRecord d) {
    return decisionLog
        .append(
            new DecisionEntry(
                d.entryId(),
                d.runId(),
                d.runbookKind(),
                d.verdict(),
                d.decision(),
                d.participants().stream().map(DecisionLogActivitiesImpl::action).toList(),
                d.artifactLocation() == null ? null : URI.create(d.artifactLocation()),
                d.configVersion(),
                d.appliedConfigVersion(),
                d.reasons(),
                d.datasetVersion(),
                d.datasetSha256()))
        .seq();
  }

  @Override
  public String acceptedBaseline(String goldenVersion) {
    return AcceptedBaselines.latest(decisionLog, goldenVersion).orElse(null);
  }

  private static ActorAction action(Participant p) {
    return new ActorAction(p.actor(), p.role(), p.action(), p.at(), p.channel(), p.comment());
  }
}
