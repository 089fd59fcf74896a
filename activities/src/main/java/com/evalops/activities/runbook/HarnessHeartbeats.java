package com.evalops.activities.runbook;

import com.evalops.harness.evaluation.ProgressListener;
import com.evalops.harness.evaluation.ResumableRouting;
import com.evalops.harness.evaluation.RoutingCheckpoint;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * Heartbeats one harness run. A routing checkpoint is heartbeated as soon as the harness reaches it
 * (the harness spaces them {@code every} apart); progress alone at most every {@code every}, with
 * the last checkpoint, so the server keeps it while the run indexes and scores.
 */
final class HarnessHeartbeats implements ProgressListener, ResumableRouting.Listener {
  private static final Logger LOG = Logger.getLogger(EvaluationActivitiesImpl.class.getName());
  private static final String ROUTING = "routing tickets";

  private final ActivityExecutionContext context;
  private final String runId;
  private final long everyNanos;
  private long lastBeat = System.nanoTime();
  private long routingTotal = -1;
  private RoutingCheckpoint routing;

  HarnessHeartbeats(ActivityExecutionContext context, String runId, Duration every) {
    this.context = context;
    this.runId = runId;
    this.everyNanos = every.toNanos();
  }

  @Override
  public synchronized void progress(String phase, long done, long total) {
    if (ROUTING.equals(phase)) {
      routingTotal = total;
    }
    if (System.nanoTime() - lastBeat >= everyNanos) {
      beat(new HarnessCheckpoint(phase, done, total, routing));
    }
  }

  @Override
  public synchronized void checkpointed(RoutingCheckpoint checkpoint) {
    routing = checkpoint;
    beat(new HarnessCheckpoint(ROUTING, checkpoint.routed(), routingTotal, checkpoint));
  }

  @Override
  public synchronized void resumed(RoutingCheckpoint from, long droppedBytes) {
    routing = from;
    LOG.info(
        () ->
            "run "
                + runId
                + ": resuming routing from the last checkpoint, "
                + from.routed()
                + " tickets routed"
                + (droppedBytes > 0
                    ? "; dropped " + droppedBytes + " bytes written after it, to route again"
                    : ""));
  }

  @Override
  public void startedOver(String reason) {
    LOG.warning(
        () ->
            "run "
                + runId
                + ": routing every ticket again; the last checkpoint cannot be resumed from: "
                + reason);
  }

  private void beat(HarnessCheckpoint details) {
    lastBeat = System.nanoTime();
    context.heartbeat(details);
  }
}
