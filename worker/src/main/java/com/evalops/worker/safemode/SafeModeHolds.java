package com.evalops.worker.safemode;

import com.evalops.activities.config.RouterConfigStore;
import com.evalops.harness.contract.RouterConfig;
import com.evalops.workflows.WorkflowIds;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The safe-mode holds of the router config in force, each judged live or orphaned (config-releases
 * §5). A holder is the id of the runbook that holds the scope: live while that workflow runs;
 * orphaned when it ended without releasing (failed, cancelled, terminated), is unknown to Temporal
 * (an in-memory server was restarted) or is {@link RouterConfig#UNOWNED_HOLDER}. An orphaned hold
 * stays in force: only an approved leadership release removes it. Start-up, {@code GET
 * /api/safe-mode}, the console and the gauge {@code evalops_safe_mode_holds{scope,state}} all read
 * this one judgement.
 */
@Component
public class SafeModeHolds implements MeterBinder {
  public static final String LIVE = "live";
  public static final String ORPHANED = "orphaned";

  /** Temporal could not be asked: the hold is neither claimed live nor orphaned. */
  public static final String UNKNOWN = "unknown";

  private static final Logger log = LoggerFactory.getLogger(SafeModeHolds.class);
  static final Duration REFRESH = Duration.ofSeconds(10);

  /**
   * One holder's hold on one scope.
   *
   * @param state {@link #LIVE}, {@link #ORPHANED} or {@link #UNKNOWN}
   * @param orphaned {@code state} is {@link #ORPHANED}
   * @param why what the judgement rests on, e.g. {@code runbook terminated without releasing}
   */
  public record Hold(String scope, String holder, String state, boolean orphaned, String why) {
    Hold(String scope, String holder, String state, String why) {
      this(scope, holder, state, ORPHANED.equals(state), why);
    }
  }

  /** The holds of {@code configVersion}; {@code safeMode} is true when {@code *} is held. */
  public record Status(String configVersion, boolean safeMode, List<Hold> holds) {
    public List<Hold> orphanedHolds() {
      return holds.stream().filter(Hold::orphaned).toList();
    }
  }

  private final RouterConfigStore configs;
  private final WorkflowClient client;
  private final Clock clock = Clock.systemUTC();
  private final Set<String> gauged = ConcurrentHashMap.newKeySet();
  private volatile MeterRegistry registry;
  private Status counted;
  private Instant countedAt = Instant.MIN;

  public SafeModeHolds(RouterConfigStore configs, WorkflowClient client) {
    this.configs = configs;
    this.client = client;
  }

  /** The holds of the config in force now, each holder asked of Temporal. */
  public Status status() {
    RouterConfig config = configs.current();
    List<Hold> holds = new ArrayList<>();
    config
        .safeModeScopes()
        .forEach((scope, holders) -> holders.forEach(h -> holds.add(judge(scope, h))));
    Status status = new Status(config.configVersion(), config.safeMode(), List.copyOf(holds));
    remember(status);
    return status;
  }

  private Hold judge(String scope, String holder) {
    if (RouterConfig.UNOWNED_HOLDER.equals(holder)) {
      return new Hold(
          scope, holder, ORPHANED, "held without an owner (safe_mode written without holders)");
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
        return new Hold(
            scope, holder, ORPHANED, "its incident ended; " + workflowId + " is another incident");
      }
      if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        return new Hold(scope, holder, LIVE, "runbook running");
      }
      return new Hold(
          scope,
          holder,
          ORPHANED,
          "runbook "
              + status.name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase(Locale.ROOT)
              + " without releasing");
    } catch (WorkflowNotFoundException e) {
      return new Hold(scope, holder, ORPHANED, "no runbook with this id in Temporal");
    } catch (RuntimeException e) {
      return new Hold(scope, holder, UNKNOWN, "Temporal could not be asked: " + e.getMessage());
    }
  }

  /** Says at start-up which holds are orphaned, so on-call sees them before any dashboard. */
  @EventListener(ApplicationReadyEvent.class)
  public void reportAtStartUp() {
    try {
      Status status = status();
      List<Hold> orphaned = status.orphanedHolds();
      if (!orphaned.isEmpty()) {
        log.warn(
            "Safe mode: {} orphaned hold(s) in router config {}: {}. They stay in force until an"
                + " approved leadership release removes them.",
            orphaned.size(),
            status.configVersion(),
            orphaned.stream()
                .map(h -> h.scope() + " held by " + h.holder() + " (" + h.why() + ")")
                .collect(Collectors.joining("; ")));
      } else if (!status.holds().isEmpty()) {
        log.info(
            "Safe mode: {} live hold(s) in router config {}",
            status.holds().size(),
            status.configVersion());
      }
    } catch (RuntimeException e) {
      log.warn("Safe mode: cannot judge the holds at start-up: {}", e.toString());
    }
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    this.registry = registry;
    // Read at every scrape: it refreshes the holds, so scopes held since the last scrape get
    // their evalops_safe_mode_holds series.
    Gauge.builder("evalops.safe_mode.orphaned", this, m -> m.counted().orphanedHolds().size())
        .description("Safe-mode holds in the config in force whose runbook no longer runs")
        .register(registry);
  }

  /** Number of holders of {@code scope} in {@code state}, as last counted. */
  synchronized double holders(String scope, String state) {
    return counted().holds().stream()
        .filter(h -> h.scope().equals(scope) && h.state().equals(state))
        .count();
  }

  private synchronized Status counted() {
    if (counted == null || clock.instant().isAfter(countedAt.plus(REFRESH))) {
      try {
        return status();
      } catch (RuntimeException e) {
        // A scrape must not fail because the store is briefly unreadable; keep the last count.
        log.warn("cannot count safe-mode holds: {}", e.toString());
        return counted == null ? new Status("", false, List.of()) : counted;
      }
    }
    return counted;
  }

  private synchronized void remember(Status status) {
    counted = status;
    countedAt = clock.instant();
    MeterRegistry meters = registry;
    if (meters == null) {
      return;
    }
    // Both states of every scope held so far, so a hold turning orphaned moves from one series to
    // the other and a released scope reads 0; "unknown" only once Temporal could not be asked.
    for (Hold h : status.holds()) {
      for (String state : List.of(LIVE, ORPHANED, h.state())) {
        if (gauged.add(h.scope() + "\n" + state)) {
          Gauge.builder("evalops.safe_mode.holds", this, m -> m.holders(h.scope(), state))
              .description("Holders of safe mode per scope in the config in force, by state")
              .tag("scope", h.scope())
              .tag("state", state)
              .register(meters);
        }
      }
    }
  }
}
