package com.evalops.workflows.regression;

import com.evalops.workflows.approval.Actor;

/**
 * The result of a later manual QA sample of the scope (daily QA sampling): it replaces the
 * incident's own labeled sample as the window the safe-mode exit looks at.
 */
public record QaWindowNotice(
    Actor actor, String sampleId, int labeledTickets, int safetyViolations) {}
