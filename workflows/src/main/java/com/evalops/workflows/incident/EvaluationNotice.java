package com.evalops.workflows.incident;

import com.evalops.workflows.approval.Actor;

/**
 * The result of a golden-set evaluation run after the incident's own (the weekly regression, or
 * {@code evalops eval} by on-call), reported so the runbook can judge whether metrics are stable.
 */
public record EvaluationNotice(
    Actor actor, String runId, String configVersion, String verdict, String artifactLocation) {}
