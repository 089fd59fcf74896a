package com.evalops.workflows.incident;

/** The manual QA sample the safe-mode exit judges: the incident's own, or a later one. */
public record QaWindow(String sampleId, int labeledTickets, int safetyViolations) {}
