package com.evalops.workflows.cadence;

/** One stage of a staged release: where, what to do, and what must hold before going on. */
public record ReleaseStep(String stage, String action, String successCriteria) {}
