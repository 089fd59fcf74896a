package com.evalops.activities.incident;

import com.evalops.activities.audit.DecisionLogActivitiesImpl;
import com.evalops.activities.config.ConfigReleaseActivitiesImpl;
import com.evalops.activities.runbook.EvaluationActivitiesImpl;
import com.evalops.activities.runbook.HarnessSettings;
import com.evalops.harness.contract.IntentPolicy;
import com.evalops.harness.contract.RoutingLogEntry;
import com.evalops.harness.contract.RoutingLogFile;
import com.evalops.harness.contract.Taxonomy;
import com.evalops.harness.contract.TaxonomyFile;
import com.evalops.stores.artifact.LocalArtifactStore;
import com.evalops.stores.config.LocalRouterConfigStore;
import com.evalops.stores.ledger.ChangeEntry;
import com.evalops.stores.ledger.DecisionEntry;
import com.evalops.stores.ledger.LocalLedger;
import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.approval.SubmitLabelRequest;
import com.evalops.workflows.incident.StartRegressionRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The demo data in a temporary folder, as the incident's real activities use it: the config store
 * seeded with v12 in force, the Change Log and the Decision Log, the artifact store; and the
 * simulated labelers.
 */
final class DemoIncident {
  static final Path DEMO = IncidentActivitiesImplTest.DEMO;
  static final String SCOPE = "billing";
  static final Actor ANA = new Actor("oncall-ana", Set.of(Role.ONCALL), "cli");
  static final Actor BEN = new Actor("oncall-ben", Set.of(Role.ONCALL), "slack");
  static final Actor LI = new Actor("labeler-li", Set.of(Role.LABELER), "web");
  static final Actor MO = new Actor("labeler-mo", Set.of(Role.LABELER), "web");
  static final Actor LEAD_1 = new Actor("lead-1", Set.of(Role.LEADERSHIP), "slack");
  static final Actor LEAD_2 = new Actor("lead-2", Set.of(Role.LEADERSHIP), "slack");

  final LocalLedger<ChangeEntry> changeLog;
  final LocalLedger<DecisionEntry> decisionLog;
  final LocalRouterConfigStore configs;
  final LocalArtifactStore artifacts;
  final Taxonomy taxonomy = TaxonomyFile.load(DEMO.resolve("taxonomy.json"));
  final Map<String, RoutingLogEntry> routingLog = new HashMap<>();
  private final Path data;

  DemoIncident(Path data) {
    this.data = data;
    LocalRouterConfigStore.seed(data.resolve("configs"), DEMO.resolve("configs"), "v12");
    changeLog = LocalLedger.changeLog(data.resolve("change-log.jsonl"));
    decisionLog = LocalLedger.decisionLog(data.resolve("decision-log.jsonl"));
    configs = new LocalRouterConfigStore(data.resolve("configs"), changeLog);
    artifacts = new LocalArtifactStore(data.resolve("artifacts"));
    RoutingLogFile.stream(
        DEMO.resolve("routing-log.jsonl"), (e, line) -> routingLog.put(e.ticketId(), e));
  }

  IncidentActivitiesImpl incidents() {
    return new IncidentActivitiesImpl(IncidentActivitiesImplTest.files(data), configs);
  }

  ConfigReleaseActivitiesImpl releases() {
    return new ConfigReleaseActivitiesImpl(configs, () -> taxonomy);
  }

  EvaluationActivitiesImpl evaluations() {
    return new EvaluationActivitiesImpl(
        new HarnessSettings(DEMO, "v2", data.resolve("runs"), List.of(data, DEMO)),
        configs,
        artifacts,
        Clock.systemUTC());
  }

  DecisionLogActivitiesImpl decisions() {
    return new DecisionLogActivitiesImpl(decisionLog);
  }

  /** An alarm on the billing queue: 20 problem tickets of the last week, golden set v2. */
  StartRegressionRequest request(boolean harmPossible) {
    return new StartRegressionRequest(
        SCOPE,
        "quality-drop",
        harmPossible,
        ANA,
        20,
        7,
        "v2",
        "v12",
        taxonomy.leadershipApprovalIntents(),
        null);
  }

  /**
   * A simulated labeler. The routing log has no gold labels, so the answer is inferred: the agent's
   * override when there is one (an agent corrected the route), else the router's intent; an
   * override to an intent outside the taxonomy is a new-intent signal, not a label, and the
   * router's intent stands.
   */
  SubmitLabelRequest simulatedLabel(String ticketId, Actor labeler) {
    RoutingLogEntry e = routingLog.get(ticketId);
    boolean corrected = e.override() != null && taxonomy.hasIntent(e.override().intent());
    if (!corrected) {
      return new SubmitLabelRequest(
          ticketId, labeler, true, true, false, null, null, null, null, "router was right");
    }
    IntentPolicy gold = taxonomy.intent(e.override().intent());
    return new SubmitLabelRequest(
        ticketId,
        labeler,
        gold.team().equals(e.prediction().team()),
        false,
        false,
        e.override().intent(),
        e.override().team(),
        null,
        null,
        "as agent override " + e.override().macro());
  }
}
