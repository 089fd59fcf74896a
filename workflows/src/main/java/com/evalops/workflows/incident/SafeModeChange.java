package com.evalops.workflows.incident;

/** Turns route-only safe mode on or off for the incident's scope, as a new config version. */
public record SafeModeChange(boolean on, String reason, String incidentId) {}
