package com.evalops.worker.metrics;

import com.evalops.workflows.RunbookKind;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The runbooks still running. A cluster answers from its visibility store; the embedded test server
 * has none (ListWorkflowExecutions is UNIMPLEMENTED there), so the engine then counts the runbooks
 * it started or joined itself, and says so once in the log.
 */
@Component
public class OpenRunbooks {
  private static final Logger log = LoggerFactory.getLogger(OpenRunbooks.class);
  private static final String RUNNING = "ExecutionStatus = 'Running'";

  private final WorkflowClient client;
  private final Set<String> startedHere = ConcurrentHashMap.newKeySet();
  private volatile boolean visibility = true;

  public OpenRunbooks(WorkflowClient client) {
    this.client = client;
  }

  /** Remembers a runbook this engine started, for servers without visibility. */
  public void started(String workflowId) {
    startedHere.add(workflowId);
  }

  public List<String> workflowIds() {
    if (visibility) {
      try {
        return client
            .listExecutions(RUNNING)
            .map(e -> e.getExecution().getWorkflowId())
            .filter(id -> RunbookKind.of(id).isPresent())
            .distinct()
            .sorted()
            .toList();
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
          throw e;
        }
        visibility = false;
        log.info(
            "This Temporal server has no visibility (ListWorkflowExecutions UNIMPLEMENTED):"
                + " open-runbook counts cover the runbooks this engine started or joined");
      }
    }
    startedHere.removeIf(id -> !running(id));
    return startedHere.stream().sorted().collect(Collectors.toList());
  }

  private boolean running(String workflowId) {
    try {
      return client.newUntypedWorkflowStub(workflowId).describe().getStatus()
          == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    } catch (WorkflowNotFoundException e) {
      return false;
    }
  }
}
