package com.evalops.workflows.runbook;

import com.evalops.workflows.approval.Actor;

/**
 * A human action the workflow refused, sent back by the entry point (API, command line, Slack) so
 * that the refusal is kept in the history: a refused update itself leaves no trace there.
 *
 * @param action the update refused, e.g. {@code decide} or {@code vote}
 */
public record RefusedAction(Actor actor, String action, String reason) {}
