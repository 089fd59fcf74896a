package com.evalops.harness.evaluation;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Routing an interrupted run can pick up again. Each prediction is appended to {@code partialFile}
 * as the router answers; every {@code checkpointEvery} the file is made durable and a {@link
 * RoutingCheckpoint} is handed to the listener to keep (an activity heartbeats it).
 *
 * <p>Given the last checkpoint of an interrupted run, a run checks that the file still starts with
 * exactly what the checkpoint describes, drops whatever was written after it and routes only the
 * tickets after it. When the file does not match, it says why and routes every ticket again. Either
 * way the report is the one an uninterrupted run would write.
 *
 * @param partialFile kept between attempts; deleted once the report is published
 * @param resumeFrom the last checkpoint of an interrupted run, or null to route every ticket
 */
public record ResumableRouting(
    Path partialFile, RoutingCheckpoint resumeFrom, Duration checkpointEvery, Listener listener) {

  /** Told where routing starts and each checkpoint it reaches. */
  public interface Listener {
    /**
     * Routing continues after {@code from}.
     *
     * @param droppedBytes written after the checkpoint; their tickets are routed again
     */
    void resumed(RoutingCheckpoint from, long droppedBytes);

    /** The partial file does not match the checkpoint ({@code reason}); every ticket is routed. */
    void startedOver(String reason);

    /** The partial file now durably holds the checkpoint's predictions. */
    void checkpointed(RoutingCheckpoint checkpoint);
  }
}
