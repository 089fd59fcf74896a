package com.evalops.worker.safemode;

import com.evalops.stores.config.RouterConfigStore;
import com.evalops.worker.api.ApiException;
import com.evalops.worker.api.HumanActions;
import com.evalops.worker.config.EvalopsProperties;
import com.evalops.worker.metrics.OpenRunbooks;
import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.Permission;
import com.evalops.workflows.safemode.HoldReleaseRequest;
import com.evalops.workflows.safemode.HoldReleaseWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/safe-mode}: the scopes held in the router config in force, their holders, and
 * which holds are orphaned. {@code POST /api/safe-mode/releases}: asks leadership to release an
 * orphaned hold (runbook {@code SafeModeHoldRelease}); the votes go to the run like every vote.
 */
@RestController
public class SafeModeController {
  private final SafeModeHolds holds;
  private final HumanActions actions;
  private final WorkflowClient client;
  private final EvalopsProperties props;
  private final RouterConfigStore configs;
  private final OpenRunbooks open;

  public SafeModeController(
      SafeModeHolds holds,
      HumanActions actions,
      WorkflowClient client,
      EvalopsProperties props,
      RouterConfigStore configs,
      OpenRunbooks open) {
    this.holds = holds;
    this.actions = actions;
    this.client = client;
    this.props = props;
    this.configs = configs;
    this.open = open;
  }

  @GetMapping("/api/safe-mode")
  SafeModeHolds.Status status() {
    return holds.status();
  }

  /** What to release: one holder's hold on one scope, with why. */
  record Release(String scope, String holder, String comment) {}

  @PostMapping("/api/safe-mode/releases")
  ResponseEntity<Map<String, Object>> release(HttpServletRequest http, @RequestBody Release body) {
    String scope = required(body.scope(), "scope");
    String holder = required(body.holder(), "holder");
    String workflowId;
    try {
      workflowId = WorkflowIds.safeModeRelease(scope, holder);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("holder", e.getMessage());
    }
    Actor actor = actions.authorize(http, workflowId, Permission.REQUEST_HOLD_RELEASE);
    Set<String> holders = configs.current().safeModeScopes().get(scope);
    if (holders == null || !holders.contains(holder)) {
      throw ApiException.badRequest(
          holders == null ? "scope" : "holder",
          holder
              + " holds no safe mode on "
              + scope
              + " in config "
              + configs.current().configVersion()
              + (holders == null ? "" : "; its holders are " + holders));
    }
    HoldReleaseWorkflow run =
        client.newWorkflowStub(
            HoldReleaseWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(props.taskQueue())
                .build());
    try {
      WorkflowClient.start(
          run::run,
          new HoldReleaseRequest(
              scope, holder, actor, body.comment(), props.goldenVersion(), null));
      open.started(workflowId);
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw new ApiException(
          409, "a release of " + holder + "'s hold on " + scope + " is already running", null);
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("workflowId", workflowId);
    answer.put("scope", scope);
    answer.put("holder", holder);
    return ResponseEntity.accepted().body(answer);
  }

  private static String required(String value, String field) {
    if (value == null || value.isBlank()) {
      throw ApiException.badRequest(field, field + " is required");
    }
    return value;
  }
}
