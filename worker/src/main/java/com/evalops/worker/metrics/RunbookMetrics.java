package com.evalops.worker.metrics;

import com.evalops.stores.ledger.DecisionEntry;
import com.evalops.stores.ledger.Ledger;
import com.evalops.stores.ledger.LedgerEntry;
import com.evalops.workflows.RunbookKind;
import com.evalops.workflows.approval.HumanSteps;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.temporal.client.WorkflowClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Prometheus gauges for on-call dashboards: runbook decisions by kind and verdict (from the
 * Decision Log) and runbooks waiting for people, by kind. Counted at scrape time, at most every 10
 * seconds, so a busy scraper cannot turn into a query storm.
 */
@Component
public class RunbookMetrics implements MeterBinder {
  private static final Logger log = LoggerFactory.getLogger(RunbookMetrics.class);
  static final Duration REFRESH = Duration.ofSeconds(10);
  static final List<String> VERDICTS = List.of("PASS", "REVIEW", "STOP", "INVESTIGATE", "NONE");

  private final Ledger<DecisionEntry> decisionLog;
  private final OpenRunbooks open;
  private final WorkflowClient client;
  private final Clock clock;
  private Instant countedAt = Instant.MIN;
  private Map<String, Long> decisions = Map.of();
  private Map<RunbookKind, Long> waiting = Map.of();

  public RunbookMetrics(
      Ledger<DecisionEntry> decisionLog, OpenRunbooks open, WorkflowClient client) {
    this.decisionLog = decisionLog;
    this.open = open;
    this.client = client;
    this.clock = Clock.systemUTC();
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (String kind : List.of("evaluation", "weekly", "daily", "monthly", "regression")) {
      for (String verdict : VERDICTS) {
        Gauge.builder("evalops.runbook.decisions", this, m -> m.decisions(kind, verdict))
            .description("Decision Log entries by runbook kind and verdict")
            .tag("kind", kind)
            .tag("verdict", verdict)
            .register(registry);
      }
    }
    for (RunbookKind kind : RunbookKind.values()) {
      Gauge.builder("evalops.human.actions.pending", this, m -> m.waiting(kind))
          .description("Open runbooks waiting for people (labels, a decision, approvals)")
          .tag("kind", kind.name().toLowerCase())
          .register(registry);
    }
  }

  synchronized double decisions(String kind, String verdict) {
    refresh();
    return decisions.getOrDefault(kind + "/" + verdict, 0L);
  }

  synchronized double waiting(RunbookKind kind) {
    refresh();
    return waiting.getOrDefault(kind, 0L);
  }

  private void refresh() {
    Instant now = clock.instant();
    if (now.isBefore(countedAt.plus(REFRESH))) {
      return;
    }
    countedAt = now;
    Map<String, Long> byVerdict = new TreeMap<>();
    for (LedgerEntry<DecisionEntry> e : decisionLog.list()) {
      DecisionEntry d = e.content();
      String verdict = d.verdict() == null || d.verdict().isBlank() ? "NONE" : d.verdict();
      byVerdict.merge(d.runbookKind() + "/" + verdict, 1L, Long::sum);
    }
    decisions = byVerdict;
    Map<RunbookKind, Long> byKind = new EnumMap<>(RunbookKind.class);
    try {
      for (String id : open.workflowIds()) {
        RunbookKind kind = RunbookKind.of(id).orElseThrow();
        if (waitsForPeople(id)) {
          byKind.merge(kind, 1L, Long::sum);
        }
      }
      waiting = byKind;
    } catch (RuntimeException e) {
      // A scrape must not fail because Temporal is briefly away; keep the last counts.
      log.warn("cannot count runbooks waiting for people: {}", e.toString());
    }
  }

  /** Whether the runbook waits for someone now: a decision, votes or labels, whichever runbook. */
  private boolean waitsForPeople(String id) {
    return client.newWorkflowStub(HumanSteps.class, id).humanSteps().waitingFor() != null;
  }
}
