package com.evalops.activities.runbook;

import com.evalops.harness.evaluation.RoutingCheckpoint;

/**
 * What a harness run heartbeats: how far its current phase has come, and the last routing
 * checkpoint, from which a retried attempt resumes.
 *
 * @param total -1 while unknown
 * @param routing null until the first checkpoint
 */
public record HarnessCheckpoint(String phase, long done, long total, RoutingCheckpoint routing) {}
