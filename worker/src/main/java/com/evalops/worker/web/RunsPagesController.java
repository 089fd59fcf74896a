package com.evalops.worker.web;

import com.evalops.harness.contract.RouterConfig;
import com.evalops.stores.artifact.ArtifactIntegrityException;
import com.evalops.stores.config.RouterConfigStore;
import com.evalops.stores.ledger.DecisionEntry;
import com.evalops.stores.ledger.Ledger;
import com.evalops.stores.ledger.LedgerEntry;
import com.evalops.worker.api.ApiException;
import com.evalops.worker.api.HumanActions;
import com.evalops.worker.config.EvalopsProperties;
import com.evalops.workflows.RunbookKind;
import com.evalops.workflows.approval.ApprovalState;
import com.evalops.workflows.approval.HumanStepsState;
import com.evalops.workflows.approval.LabelingState;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.cadence.CalibrationState;
import com.evalops.workflows.cadence.DailyQaState;
import com.evalops.workflows.cadence.WeeklyState;
import com.evalops.workflows.incident.EvaluationSummary;
import com.evalops.workflows.incident.IncidentState;
import com.evalops.workflows.runbook.RunbookState;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowQueryException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Runs and incidents, for everyone (auditors included): the Decision Log, open runbooks, and a run
 * page with its timeline, its artifacts, its charts and the safe-mode state. Read only.
 */
@Controller
public class RunsPagesController {
  private final Runbooks runbooks;
  private final RunReports reports;
  private final Ledger<DecisionEntry> decisionLog;
  private final RouterConfigStore configs;
  private final EvalopsProperties props;

  public RunsPagesController(
      Runbooks runbooks,
      RunReports reports,
      Ledger<DecisionEntry> decisionLog,
      RouterConfigStore configs,
      EvalopsProperties props) {
    this.runbooks = runbooks;
    this.reports = reports;
    this.decisionLog = decisionLog;
    this.configs = configs;
    this.props = props;
  }

  @GetMapping("/console/runs")
  String runs(Model model) {
    List<Map<String, Object>> open = new ArrayList<>();
    for (String id : runbooks.openIds()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("workflowId", id);
      try {
        row.putAll(facts(runbooks.state(id)));
      } catch (WorkflowNotFoundException e) {
        continue;
      }
      open.add(row);
    }
    List<LedgerEntry<DecisionEntry>> entries = new ArrayList<>(decisionLog.list());
    Collections.reverse(entries);
    model.addAttribute("open", open);
    model.addAttribute("entries", entries);
    model.addAttribute("config", configs.current());
    return "console/runs";
  }

  @GetMapping("/console/runs/{workflowId}")
  String run(
      @PathVariable String workflowId, @RequestParam(required = false) String report, Model model) {
    RunbookKind kind = HumanActions.runbook(workflowId);
    model.addAttribute("workflowId", workflowId);
    model.addAttribute("kind", kind.name().toLowerCase());
    Optional<String> status = runbooks.status(workflowId);
    model.addAttribute("status", status.orElse("not on this Temporal server"));
    Object state = status.isPresent() ? answerableState(workflowId, status.get()) : null;
    // A run that answers its state answers its human steps too.
    HumanStepsState steps = state == null ? null : runbooks.humanSteps(workflowId);
    ApprovalState approvals = steps == null ? null : steps.approvals();
    // An incident's entries are named by its own id; the scope's id would take in every incident
    // the scope ever had.
    List<LedgerEntry<DecisionEntry>> decisions =
        decisionsOf(state instanceof IncidentState s ? s.incidentId() : workflowId);
    if (state instanceof WeeklyState w && w.evaluationWorkflowId() != null) {
      decisions =
          Stream.concat(decisions.stream(), decisionsOf(w.evaluationWorkflowId()).stream())
              .distinct()
              .toList();
    }
    Map<String, Object> facts = state == null ? Map.of() : facts(state);
    model.addAttribute("facts", facts);
    model.addAttribute("history", history(state));
    model.addAttribute("decisions", decisions);
    model.addAttribute("timeline", TimelineEvent.of(approvals, labeling(state, steps), decisions));
    model.addAttribute("pending", approvals == null ? List.of() : approvals.pending());
    model.addAttribute(
        "evaluations", state instanceof IncidentState s ? s.evaluations() : List.of());
    model.addAttribute(
        "exitUnmet", state instanceof IncidentState s ? s.exitUnmetConditions() : List.of());
    model.addAttribute("findings", state instanceof IncidentState s ? s.findings() : List.of());
    Set<String> reportRuns = reportRuns(workflowId, state, decisions);
    Map<String, List<String>> artifacts = new LinkedHashMap<>();
    reportRuns.forEach(r -> artifacts.put(r, reports.files(r)));
    model.addAttribute("artifacts", artifacts);
    String shown =
        report != null && reportRuns.contains(report) ? report : defaultReport(state, reportRuns);
    model.addAttribute("report", shown);
    if (shown != null) {
      Map<String, Object> metrics = reports.metrics(shown).orElse(Map.of());
      String baselineRun = reports.baselineRun().filter(b -> !b.equals(shown)).orElse(null);
      model.addAttribute("verdict", metrics.get("verdict"));
      model.addAttribute("verdictReasons", metrics.getOrDefault("verdict_reasons", List.of()));
      model.addAttribute("baselineRun", baselineRun);
      model.addAttribute(
          "headlines",
          reports.headlines(
              metrics, baselineRun == null ? null : reports.metrics(baselineRun).orElse(null)));
      model.addAttribute("heatMap", reports.heatMap(shown));
      model.addAttribute("bars", reports.bars(shown));
    }
    RouterConfig current = configs.current();
    model.addAttribute("config", current);
    if (!props.temporal().uiUrl().isEmpty()) {
      model.addAttribute(
          "temporalUi",
          props.temporal().uiUrl()
              + "/namespaces/"
              + props.temporal().namespace()
              + "/workflows/"
              + workflowId);
    }
    return "console/run";
  }

  /** A run's file, checked against its manifest's SHA-256 before a byte is sent. */
  @GetMapping("/console/artifacts/{runId}/{file}")
  ResponseEntity<byte[]> artifact(@PathVariable String runId, @PathVariable String file) {
    if (!reports.files(runId).contains(file)) {
      throw ApiException.notFound("run " + runId + " has no file " + file);
    }
    try {
      MediaType type =
          file.endsWith(".json")
              ? MediaType.APPLICATION_JSON
              : new MediaType("text", "plain", StandardCharsets.UTF_8);
      return ResponseEntity.ok().contentType(type).body(reports.file(runId, file));
    } catch (ArtifactIntegrityException e) {
      throw new ApiException(500, e.getMessage(), null);
    }
  }

  /**
   * The Decision Log entries of a runbook and of the evaluations it ran.
   *
   * @param id a workflow id, or an incident's own id
   */
  private List<LedgerEntry<DecisionEntry>> decisionsOf(String id) {
    String bare = id.substring(id.indexOf('-') + 1);
    return decisionLog.list().stream()
        .filter(
            e -> {
              DecisionEntry d = e.content();
              return d.entryId().startsWith(id + "/")
                  || d.runId().equals(id)
                  || d.runId().equalsIgnoreCase(bare)
                  || d.runId().startsWith(id + "-")
                  || d.entryId().startsWith(RunbookKind.EVALUATION.prefix() + id + "-");
            })
        .toList();
  }

  private Set<String> reportRuns(
      String workflowId, Object state, List<LedgerEntry<DecisionEntry>> decisions) {
    Set<String> runs = new LinkedHashSet<>();
    if (state instanceof IncidentState s) {
      for (EvaluationSummary e : s.evaluations()) {
        RunReports.runIdOf(e.artifactLocation()).ifPresent(runs::add);
      }
    }
    if (state instanceof RunbookState s && s.runId() != null) {
      runs.add(s.runId());
    }
    for (LedgerEntry<DecisionEntry> e : decisions) {
      RunReports.runIdOf(e.content().artifactLocation()).ifPresent(runs::add);
    }
    if (RunbookKind.of(workflowId).orElse(null) == RunbookKind.EVALUATION) {
      runs.add(workflowId.substring(RunbookKind.EVALUATION.prefix().length()));
    }
    runs.removeIf(r -> !reports.exists(r));
    return runs;
  }

  /** An incident's latest golden evaluation (the config in force), else the first report. */
  private static String defaultReport(Object state, Set<String> reportRuns) {
    if (state instanceof IncidentState s) {
      for (int i = s.evaluations().size() - 1; i >= 0; i--) {
        EvaluationSummary e = s.evaluations().get(i);
        Optional<String> run = RunReports.runIdOf(e.artifactLocation());
        if ("golden".equals(e.dataset()) && run.isPresent() && reportRuns.contains(run.get())) {
          return run.get();
        }
      }
    }
    return reportRuns.stream().findFirst().orElse(null);
  }

  /** The few facts of a runbook's state that every page shows: step, whom it waits for, until. */
  static Map<String, Object> facts(Object state) {
    Map<String, Object> f = new LinkedHashMap<>();
    if (state instanceof IncidentState s) {
      f.put("step", s.step());
      f.put("waitingFor", s.waitingFor());
      f.put("waitingOn", roles(s.waitingOn()));
      f.put("until", s.until());
      f.put("safeMode", s.safeMode() ? "ON" : "off");
      f.put("configVersion", s.configVersion());
      f.put("scope", s.scope());
    } else if (state instanceof RunbookState s) {
      f.put("step", s.step());
      f.put("verdict", s.verdict());
      f.put("decision", s.decision());
      f.put("waitingFor", s.waitingFor());
      f.put("until", s.waitingUntil());
    } else if (state instanceof DailyQaState s) {
      f.put("step", s.step());
      f.put("day", s.day());
      f.put("outcome", s.outcome());
      if (s.labeling() != null) {
        f.put("until", s.labeling().sample().deadline());
      }
    } else if (state instanceof CalibrationState s) {
      f.put("step", s.step());
      f.put("configVersion", s.configVersion());
      f.put("decision", s.decision());
    } else if (state instanceof WeeklyState s) {
      f.put("step", s.step());
      f.put("verdict", s.verdict());
      f.put("decision", s.decision());
      f.put("evaluation", s.evaluationWorkflowId());
    }
    f.values().removeIf(v -> v == null || "".equals(v));
    return f;
  }

  private static String roles(Set<Role> roles) {
    return roles == null
        ? ""
        : String.join(", ", roles.stream().map(r -> r.name().toLowerCase()).sorted().toList());
  }

  private static List<String> history(Object state) {
    if (state instanceof IncidentState s) {
      return s.history();
    }
    if (state instanceof RunbookState s) {
      return s.history();
    }
    if (state instanceof CalibrationState s) {
      return s.history();
    }
    return List.of();
  }

  /**
   * The run's state, or null for a closed run Temporal cannot replay to answer (terminated in the
   * middle of a task): the page still shows its Decision Log entries.
   */
  private Object answerableState(String workflowId, String status) {
    try {
      return runbooks.state(workflowId);
    } catch (WorkflowQueryException e) {
      if ("RUNNING".equals(status)) {
        throw e;
      }
      return null;
    }
  }

  /**
   * Every labeling book of the run, oldest first: the open one from its human steps, and before it
   * the books an incident closed (it labels its rechecks too).
   */
  private static List<LabelingState> labeling(Object state, HumanStepsState steps) {
    List<LabelingState> books = new ArrayList<>();
    if (state instanceof IncidentState s) {
      books.addAll(s.closedLabeling());
    }
    if (steps != null && steps.labeling() != null) {
      books.add(steps.labeling());
    }
    return books;
  }
}
