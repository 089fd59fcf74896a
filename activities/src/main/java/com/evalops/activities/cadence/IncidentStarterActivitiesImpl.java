package com.evalops.activities.cadence;

import com.evalops.harness.contract.Taxonomy;
import com.evalops.stores.config.RouterConfigStore;
import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.cadence.IncidentStarterActivities;
import com.evalops.workflows.cadence.OpenIncidentRequest;
import com.evalops.workflows.incident.AlarmNotice;
import com.evalops.workflows.incident.IncidentStarter;
import com.evalops.workflows.incident.StartRegressionRequest;
import io.temporal.client.WorkflowClient;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Opens a regression incident for a runbook's finding, or joins the scope's open one
 * (signal-with-start on the scope's incident id): the daily QA runbook raises its alarms here, and
 * the evaluation runbook asks for safe mode here, so that the incident holds it and owns its exit.
 */
public final class IncidentStarterActivitiesImpl implements IncidentStarterActivities {
  static final String SOURCE = "daily-qa";

  /**
   * The runbook itself opens the incident (as {@code runbook-<source>}); on-call takes it from
   * there.
   */
  static final Actor RUNBOOK = new Actor("runbook-daily-qa", Set.of(Role.ONCALL), "runbook");

  static final int PROBLEM_TICKETS = 20;
  static final int WINDOW_DAYS = 7;

  private final WorkflowClient client;
  private final String taskQueue;
  private final RouterConfigStore configs;
  private final Supplier<Taxonomy> taxonomy;
  private final String goldenVersion;

  /**
   * @param goldenVersion the current golden version, which the incidents it opens evaluate (the
   *     engine's {@code evalops.golden-version}, as for incidents opened through the API)
   */
  public IncidentStarterActivitiesImpl(
      WorkflowClient client,
      String taskQueue,
      RouterConfigStore configs,
      Supplier<Taxonomy> taxonomy,
      String goldenVersion) {
    this.client = client;
    this.taskQueue = taskQueue;
    this.configs = configs;
    this.taxonomy = taxonomy;
    this.goldenVersion = goldenVersion;
  }

  @Override
  public String openIncident(OpenIncidentRequest request) {
    String source = request.source() == null ? SOURCE : request.source();
    IncidentStarter.startOrJoin(
        client,
        taskQueue,
        new StartRegressionRequest(
            request.scope(),
            request.alarm(),
            request.harmPossible(),
            source.equals(SOURCE)
                ? RUNBOOK
                : new Actor("runbook-" + source, Set.of(Role.ONCALL), "runbook"),
            PROBLEM_TICKETS,
            WINDOW_DAYS,
            goldenVersion,
            configs.current().configVersion(),
            taxonomy.get().leadershipApprovalIntents(),
            null),
        new AlarmNotice(
            request.scope(),
            request.alarm(),
            source,
            "alarm " + request.alarmId() + ": flagged tickets " + request.ticketIds()));
    return WorkflowIds.regression(request.scope());
  }
}
