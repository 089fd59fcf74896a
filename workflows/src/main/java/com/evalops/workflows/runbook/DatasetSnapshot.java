package com.evalops.workflows.runbook;

/**
 * Exactly the data selected: a reference and its checksum, so the run names what it scored (claim
 * check: the history carries this, not the tickets).
 */
public record DatasetSnapshot(String kind, String version, String ref, String sha256, long count) {}
