package com.evalops.worker.api;

import com.evalops.harness.contract.TaxonomyFile;
import com.evalops.stores.config.RouterConfigStore;
import com.evalops.worker.config.EvalopsProperties;
import com.evalops.worker.metrics.OpenRunbooks;
import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.incident.AlarmNotice;
import com.evalops.workflows.incident.IncidentStarter;
import com.evalops.workflows.incident.StartRegressionRequest;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Opens the incident of a scope, or joins the open one: the command line, the API and alarm
 * webhooks all come here, and signal-with-start makes a second alarm join rather than race.
 */
@Component
public class IncidentOpener {
  static final int DEFAULT_TICKETS = 20;
  static final int DEFAULT_WINDOW_DAYS = 7;

  private final WorkflowClient client;
  private final EvalopsProperties props;
  private final RouterConfigStore configs;
  private final OpenRunbooks open;

  public IncidentOpener(
      WorkflowClient client,
      EvalopsProperties props,
      RouterConfigStore configs,
      OpenRunbooks open) {
    this.client = client;
    this.open = open;
    this.props = props;
    this.configs = configs;
  }

  /** Returns the incident's workflow id and whether the alarm joined an open incident. */
  public Map<String, Object> openOrJoin(
      String scope,
      String alarm,
      boolean harmPossible,
      Actor openedBy,
      int tickets,
      int windowDays,
      String source,
      String detail) {
    String id = WorkflowIds.regression(RequestRules.scope("scope", scope));
    boolean joined = isRunning(id);
    StartRegressionRequest request =
        new StartRegressionRequest(
            scope,
            alarm,
            harmPossible,
            openedBy,
            tickets,
            windowDays,
            props.goldenVersion(),
            configs.current().configVersion(),
            TaxonomyFile.load(props.datasetRoot().resolve("taxonomy.json"))
                .leadershipApprovalIntents(),
            null);
    IncidentStarter.startOrJoin(
        client,
        props.taskQueue(),
        request,
        new AlarmNotice(scope, alarm, source, detail == null ? "" : detail));
    open.started(id);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("workflowId", id);
    body.put("scope", scope);
    body.put("joined", joined);
    return body;
  }

  private boolean isRunning(String workflowId) {
    try {
      return client.newUntypedWorkflowStub(workflowId).describe().getStatus()
          == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    } catch (WorkflowNotFoundException e) {
      return false;
    }
  }
}
