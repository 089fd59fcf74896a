package com.evalops.workflows.runbook;

/**
 * @param configVersion the router config under test
 * @param baselineRunId the run to compare with, or null for none
 */
public record RunHarnessRequest(
    String runId, DatasetSnapshot dataset, String configVersion, String baselineRunId) {}
