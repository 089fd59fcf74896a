package com.evalops.workflows.incident;

import com.evalops.workflows.approval.Actor;

/**
 * On-call asks to leave safe mode; granted only when the exit conditions hold and leaders agree.
 */
public record SafeModeExitRequest(Actor actor, String comment) {}
