package com.evalops.activities.config;

import com.evalops.harness.contract.RouterConfig;
import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.config.HoldState;
import com.evalops.workflows.config.SafeModeHoldActivities;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import java.util.Locale;
import java.util.Optional;

/**
 * Judges a safe-mode hold by asking Temporal about its holder: the one place that says whether a
 * hold is live or orphaned, for start-up, {@code status}, the console, the metrics and the
 * leadership release of an orphaned hold alike.
 */
public final class SafeModeHoldJudge implements SafeModeHoldActivities {
  private final WorkflowClient client;

  public SafeModeHoldJudge(WorkflowClient client) {
    this.client = client;
  }

  @Override
  public HoldState judgeHold(String scope, String holder) {
    if (RouterConfig.UNOWNED_HOLDER.equals(holder)) {
      return new HoldState(
          scope,
          holder,
          HoldState.ORPHANED,
          "held without an owner (safe_mode written without holders)");
    }
    // An incident holds as its own id (workflow id and run-id prefix): a later incident of the
    // same scope runs under the same workflow id and must not make an older hold look live.
    Optional<WorkflowIds.IncidentRun> run = WorkflowIds.incidentRun(holder);
    String workflowId = run.map(WorkflowIds.IncidentRun::workflowId).orElse(holder);
    try {
      WorkflowExecutionDescription described = client.newUntypedWorkflowStub(workflowId).describe();
      WorkflowExecutionStatus status = described.getStatus();
      boolean sameRun =
          run.isEmpty()
              || described
                  .getExecution()
                  .getRunId()
                  .replace("-", "")
                  .startsWith(run.get().runPrefix());
      if (!sameRun) {
        return new HoldState(
            scope,
            holder,
            HoldState.ORPHANED,
            "its incident ended; " + workflowId + " is another incident");
      }
      if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        return new HoldState(scope, holder, HoldState.LIVE, "runbook running");
      }
      return new HoldState(
          scope,
          holder,
          HoldState.ORPHANED,
          "runbook "
              + status.name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase(Locale.ROOT)
              + " without releasing");
    } catch (WorkflowNotFoundException e) {
      return new HoldState(
          scope, holder, HoldState.ORPHANED, "no runbook with this id in Temporal");
    } catch (RuntimeException e) {
      return new HoldState(
          scope, holder, HoldState.UNKNOWN, "Temporal could not be asked: " + e.getMessage());
    }
  }
}
