package com.evalops.workflows.incident;

import com.evalops.workflows.RunbookActivityOptions;
import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.Permission;
import com.evalops.workflows.audit.RunbookAudit;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What every stage of one incident shares: its request and settings, its id and the code path its
 * history was recorded under, the journal, the config in force and the findings.
 */
final class IncidentContext {
  static final String KIND = "regression";

  private final StartRegressionRequest request;
  private final IncidentJournal journal = new IncidentJournal(this::id);
  private final ConfigInForce config;
  private final List<String> findings = new ArrayList<>();
  private String id;
  private boolean typedReleases;
  private boolean computedEvidence;

  IncidentContext(StartRegressionRequest request) {
    this.request = request;
    this.id = Workflow.getInfo().getWorkflowId();
    this.config = new ConfigInForce(request.configVersion(), journal);
  }

  /**
   * Fixes the incident's own id and code path once {@code run} has read them from its history.
   *
   * @param typedReleases whether the config changes through typed releases
   * @param computedEvidence whether the incident computes its safe-mode exit evidence
   */
  void begin(String incidentId, boolean typedReleases, boolean computedEvidence) {
    this.id = incidentId;
    this.typedReleases = typedReleases;
    this.computedEvidence = computedEvidence;
  }

  /** The incident's own id; the workflow id for incidents opened before typed releases. */
  String id() {
    return id;
  }

  boolean typedReleases() {
    return typedReleases;
  }

  boolean computedEvidence() {
    return computedEvidence;
  }

  StartRegressionRequest request() {
    return request;
  }

  IncidentSettings settings() {
    return request.settings();
  }

  IncidentJournal journal() {
    return journal;
  }

  ConfigInForce config() {
    return config;
  }

  /** What the Decision Log entry lists beside the decision, in the order found. */
  List<String> findings() {
    return findings;
  }

  void finding(String finding) {
    findings.add(finding);
  }

  /** An incident activity whose call the UI shows as {@code summary}. */
  static IncidentActivities incidents(String summary) {
    return RunbookAudit.activities(IncidentActivities.class, RunbookActivityOptions.STORE, summary);
  }

  /** Refuses an actor the permissions table does not allow {@code permission}. */
  static void requireRole(Actor actor, Permission permission, String action) {
    if (actor == null) {
      throw new IllegalArgumentException(action + " needs an actor");
    }
    if (!permission.allows(actor)) {
      throw new IllegalArgumentException(
          "actor "
              + actor.id()
              + " has roles "
              + actor.roles()
              + "; "
              + action
              + " needs "
              + Arrays.stream(permission.rolesArray())
                  .map(Enum::name)
                  .collect(Collectors.joining(" or ")));
    }
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return String.valueOf(t.getMessage());
  }

  static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
