package com.evalops.worker.safemode;

import com.evalops.activities.config.SafeModeHoldJudge;
import com.evalops.harness.contract.RouterConfig;
import com.evalops.stores.config.RouterConfigStore;
import com.evalops.workflows.config.HoldState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.temporal.client.WorkflowClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
  public static final String LIVE = HoldState.LIVE;
  public static final String ORPHANED = HoldState.ORPHANED;

  /** Temporal could not be asked: the hold is neither claimed live nor orphaned. */
  public static final String UNKNOWN = HoldState.UNKNOWN;

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
  private final SafeModeHoldJudge judge;
  private final Clock clock = Clock.systemUTC();
  private final Set<String> gauged = ConcurrentHashMap.newKeySet();
  private volatile MeterRegistry registry;
  private Status counted;
  private Instant countedAt = Instant.MIN;

  public SafeModeHolds(RouterConfigStore configs, WorkflowClient client) {
    this.configs = configs;
    this.judge = new SafeModeHoldJudge(client);
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
    HoldState judged = judge.judgeHold(scope, holder);
    return new Hold(scope, holder, judged.state(), judged.why());
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
