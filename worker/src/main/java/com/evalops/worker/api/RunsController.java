package com.evalops.worker.api;

import com.evalops.stores.config.RouterConfigStore;
import com.evalops.stores.ledger.DecisionEntry;
import com.evalops.stores.ledger.Ledger;
import com.evalops.stores.ledger.LedgerEntry;
import com.evalops.stores.storage.StorageJson;
import com.evalops.worker.auth.ApiIdentity;
import com.evalops.worker.config.EvalopsProperties;
import com.evalops.worker.metrics.OpenRunbooks;
import com.evalops.workflows.RunbookKind;
import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.approval.Permission;
import com.evalops.workflows.cadence.CadencePeriods;
import com.evalops.workflows.cadence.DailyQaRequest;
import com.evalops.workflows.cadence.DailyQaWorkflow;
import com.evalops.workflows.cadence.MonthlyCalibrationRequest;
import com.evalops.workflows.cadence.MonthlyCalibrationWorkflow;
import com.evalops.workflows.cadence.WeeklyRegressionRequest;
import com.evalops.workflows.cadence.WeeklyRegressionWorkflow;
import com.evalops.workflows.incident.IncidentState;
import com.evalops.workflows.runbook.DatasetSelection;
import com.evalops.workflows.runbook.EvaluationRunbookWorkflow;
import com.evalops.workflows.runbook.StartEvaluationRequest;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowQueryException;
import io.temporal.failure.ApplicationFailure;
import jakarta.servlet.http.HttpServletRequest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Starting runbooks, listing them from the Decision Log, and a run's state and decisions. */
@RestController
@RequestMapping("/api/runs")
public class RunsController {
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Days of routing log a monthly calibration started here analyses when the request names none.
   */
  static final int DEFAULT_MONTHLY_WINDOW_DAYS = 30;

  private final WorkflowClient client;
  private final EvalopsProperties props;
  private final RouterConfigStore configs;
  private final Ledger<DecisionEntry> decisionLog;
  private final HumanActions actions;
  private final OpenRunbooks open;

  public RunsController(
      WorkflowClient client,
      EvalopsProperties props,
      RouterConfigStore configs,
      Ledger<DecisionEntry> decisionLog,
      HumanActions actions,
      OpenRunbooks open) {
    this.client = client;
    this.open = open;
    this.props = props;
    this.configs = configs;
    this.decisionLog = decisionLog;
    this.actions = actions;
  }

  @PostMapping("/eval")
  ResponseEntity<Map<String, Object>> startEvaluation(
      HttpServletRequest http, @RequestBody(required = false) ApiBodies.StartEvaluation body) {
    ApiIdentity who = oncall(http, "start an evaluation");
    ApiBodies.StartEvaluation b =
        body != null
            ? body
            : new ApiBodies.StartEvaluation(null, null, null, null, null, null, null);
    if (Boolean.TRUE.equals(b.acceptAsBaseline())) {
      throw ApiException.badRequest(
          "acceptAsBaseline",
          "a run becomes the baseline only when the weekly review accepts it; start the run"
              + " without acceptAsBaseline");
    }
    boolean noBaseline = Boolean.TRUE.equals(b.noBaseline());
    if (noBaseline && b.baselineRunId() != null) {
      throw ApiException.badRequest(
          "noBaseline", "name a baselineRunId or ask for noBaseline, not both");
    }
    if (b.sampleRef() != null && b.goldenVersion() != null) {
      throw ApiException.badRequest("sampleRef", "name a goldenVersion or a sampleRef, not both");
    }
    // Each of these names a folder or file the run reads or writes: checked before anything runs.
    RequestRules.id("runId", b.runId());
    RequestRules.id("goldenVersion", b.goldenVersion());
    RequestRules.id("configVersion", b.configVersion());
    RequestRules.id("baselineRunId", b.baselineRunId());
    if (b.sampleRef() != null) {
      RequestRules.engineFile(
          "sampleRef", b.sampleRef(), List.of(props.dataDir(), props.datasetRoot()));
    }
    String runId = b.runId() != null ? b.runId() : newRunId("eval");
    DatasetSelection dataset =
        b.sampleRef() != null
            ? DatasetSelection.sample(b.sampleRef())
            : DatasetSelection.golden(
                b.goldenVersion() != null ? b.goldenVersion() : props.goldenVersion());
    String config = b.configVersion() != null ? b.configVersion() : currentConfig();
    if (!configs.versions().contains(config)) {
      throw ApiException.badRequest(
          "configVersion", "no router-config version " + config + "; known: " + configs.versions());
    }
    StartEvaluationRequest request =
        new StartEvaluationRequest(
            runId,
            "evaluation",
            dataset,
            config,
            b.baselineRunId(),
            who.id(),
            false,
            null,
            noBaseline);
    String id = WorkflowIds.evaluation(runId);
    EvaluationRunbookWorkflow stub =
        client.newWorkflowStub(
            EvaluationRunbookWorkflow.class,
            options(id).toBuilder()
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .build());
    try {
      WorkflowClient.start(stub::run, request);
      open.started(id);
    } catch (WorkflowExecutionAlreadyStarted e) {
      List<String> differences = request.differencesFrom(startedWith(id));
      if (!differences.isEmpty()) {
        throw new ApiException(
            409,
            "run id "
                + runId
                + " already names run "
                + id
                + ", started with other inputs: "
                + String.join("; ", differences),
            null);
      }
    }
    return accepted(id, runId);
  }

  /**
   * The request a run was started with, from its history's first event: a run id names one run
   * forever, so this is what a second request with the same id is compared with, whether the run is
   * still going or closed long ago (while the server keeps its history).
   */
  private StartEvaluationRequest startedWith(String workflowId) {
    HistoryEvent first = client.fetchHistory(workflowId).getEvents().get(0);
    return client
        .getOptions()
        .getDataConverter()
        .fromPayloads(
            0,
            Optional.of(first.getWorkflowExecutionStartedEventAttributes().getInput()),
            StartEvaluationRequest.class,
            StartEvaluationRequest.class);
  }

  @PostMapping("/weekly")
  ResponseEntity<Map<String, Object>> startWeekly(
      HttpServletRequest http, @RequestBody(required = false) ApiBodies.StartWeekly body) {
    ApiIdentity who = oncall(http, "start a weekly regression");
    String weekId =
        body != null && body.weekId() != null
            ? RequestRules.isoWeek("weekId", body.weekId())
            : CadencePeriods.isoWeek(Instant.now(), ZoneOffset.UTC);
    String id = WorkflowIds.weeklyRegression(weekId);
    WeeklyRegressionWorkflow stub =
        client.newWorkflowStub(WeeklyRegressionWorkflow.class, options(id));
    WeeklyRegressionRequest request = new WeeklyRegressionRequest(weekId, who.id(), null);
    return started(id, weekId, () -> WorkflowClient.start(stub::run, request));
  }

  @PostMapping("/daily")
  ResponseEntity<Map<String, Object>> startDaily(
      HttpServletRequest http, @RequestBody(required = false) ApiBodies.StartDaily body) {
    ApiIdentity who = oncall(http, "start daily QA sampling");
    String day =
        body != null && body.day() != null
            ? RequestRules.businessDay("day", body.day())
            : LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
    // 0 asks the runbook for its default size.
    int size =
        RequestRules.DAILY_SAMPLE_SIZE.check(
            "sampleSize", body == null ? null : body.sampleSize(), 0);
    long seed = body != null && body.seed() != null ? body.seed() : 1L;
    DailyQaRequest request = new DailyQaRequest(day, size, seed, who.id(), null);
    String id = WorkflowIds.dailyQa(day);
    DailyQaWorkflow stub = client.newWorkflowStub(DailyQaWorkflow.class, options(id));
    return started(id, day, () -> WorkflowClient.start(stub::run, request));
  }

  @PostMapping("/monthly")
  ResponseEntity<Map<String, Object>> startMonthly(
      HttpServletRequest http, @RequestBody(required = false) ApiBodies.StartMonthly body) {
    ApiIdentity who = oncall(http, "start monthly calibration");
    String month =
        body != null && body.month() != null
            ? RequestRules.month("month", body.month())
            : YearMonth.now(ZoneOffset.UTC).minusMonths(1).toString();
    int window =
        RequestRules.MONTHLY_WINDOW_DAYS.check(
            "windowDays", body == null ? null : body.windowDays(), DEFAULT_MONTHLY_WINDOW_DAYS);
    MonthlyCalibrationRequest request =
        new MonthlyCalibrationRequest(month, window, who.id(), null);
    String id = WorkflowIds.monthlyCalibration(month);
    MonthlyCalibrationWorkflow stub =
        client.newWorkflowStub(MonthlyCalibrationWorkflow.class, options(id));
    return started(id, month, () -> WorkflowClient.start(stub::run, request));
  }

  /** Every decision of the Decision Log, newest first: what ran, what was decided, by whom. */
  @GetMapping
  List<Map<String, Object>> list() {
    List<Map<String, Object>> newestFirst =
        new ArrayList<>(decisionLog.list().stream().map(RunsController::asJson).toList());
    Collections.reverse(newestFirst);
    return newestFirst;
  }

  /**
   * A runbook's current step, what it waits for, its human steps and the decisions recorded for it.
   */
  @GetMapping("/{workflowId}")
  Map<String, Object> status(@PathVariable String workflowId) {
    RunbookKind kind = HumanActions.runbook(workflowId);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("workflowId", workflowId);
    body.put("kind", kind.name().toLowerCase());
    Object state;
    try {
      WorkflowExecutionStatus status =
          client.newUntypedWorkflowStub(workflowId).describe().getStatus();
      body.put("status", status.name().replace("WORKFLOW_EXECUTION_STATUS_", ""));
      if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
          && status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
        body.put("failure", failure(workflowId));
      }
      state = stateOrNull(kind, workflowId, status, body);
      body.put("state", state);
      // The same shape for every runbook, so a reader needs no per-runbook field names to find
      // whom it waits for, its approvals and its labeling; a run that answers its state answers it.
      body.put("humanSteps", state == null ? null : actions.humanSteps(workflowId));
    } catch (WorkflowNotFoundException e) {
      throw ApiException.notFound("no runbook " + workflowId + " on this Temporal server");
    }
    String runId = workflowId.substring(workflowId.indexOf('-') + 1);
    // An incident records its decision under its own id: the scope's id names every incident.
    String incidentId = state instanceof IncidentState incident ? incident.incidentId() : null;
    body.put(
        "decisions",
        decisionLog
            .read(
                d ->
                    d.entryId().startsWith(workflowId + "/")
                        || d.runId().equals(workflowId)
                        || d.runId().equals(runId)
                        || d.runId().equals(incidentId))
            .stream()
            .map(RunsController::asJson)
            .toList());
    if (!props.temporal().uiUrl().isEmpty()) {
      body.put(
          "temporalUi",
          props.temporal().uiUrl()
              + "/namespaces/"
              + props.temporal().namespace()
              + "/workflows/"
              + workflowId);
    }
    return body;
  }

  /** Why a closed run did not complete: the root cause its result carries. */
  private String failure(String workflowId) {
    try {
      client.newUntypedWorkflowStub(workflowId).getResult(Object.class);
      return "";
    } catch (WorkflowException e) {
      Throwable cause = e;
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      return cause instanceof ApplicationFailure failure
          ? failure.getOriginalMessage()
          : String.valueOf(cause.getMessage());
    }
  }

  /**
   * The run's state; null, with why in {@code stateUnavailable}, for a closed run Temporal cannot
   * replay to answer (a run terminated in the middle of a task cannot be queried).
   */
  private Object stateOrNull(
      RunbookKind kind,
      String workflowId,
      WorkflowExecutionStatus status,
      Map<String, Object> body) {
    try {
      return state(kind, workflowId);
    } catch (WorkflowQueryException e) {
      if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        throw e;
      }
      body.put(
          "stateUnavailable",
          "Temporal cannot answer the state of this "
              + status.name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase()
              + " run; its history and Decision Log entries remain");
      return null;
    }
  }

  private Object state(RunbookKind kind, String workflowId) {
    return client
        .newUntypedWorkflowStub(workflowId)
        .query(RunbookKind.STATE_QUERY, kind.stateType());
  }

  /** A ledger entry as stored (snake_case), so API readers and log readers see one format. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> asJson(LedgerEntry<?> entry) {
    return StorageJson.compact().convertValue(entry, Map.class);
  }

  private ApiIdentity oncall(HttpServletRequest http, String action) {
    ApiIdentity who = HumanActions.caller(http);
    actions.requireRole(who, Channels.of(http), action, null, Permission.START_RUNBOOK);
    return who;
  }

  private String currentConfig() {
    return configs.current().configVersion();
  }

  private WorkflowOptions options(String workflowId) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setTaskQueue(props.taskQueue())
        .build();
  }

  private ResponseEntity<Map<String, Object>> started(
      String workflowId, String runId, Runnable start) {
    try {
      start.run();
      open.started(workflowId);
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw new ApiException(409, workflowId + " is already running", null);
    }
    return accepted(workflowId, runId);
  }

  private static ResponseEntity<Map<String, Object>> accepted(String workflowId, String runId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("workflowId", workflowId);
    body.put("runId", runId);
    return ResponseEntity.accepted().body(body);
  }

  static String newRunId(String kind) {
    String time =
        LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    byte[] suffix = new byte[2];
    RANDOM.nextBytes(suffix);
    return kind + "-" + time + "-" + HexFormat.of().formatHex(suffix);
  }
}
