package com.evalops.harness.recalibration;

/**
 * One candidate threshold of the sweep (data contract §9).
 *
 * @param coverage automated tickets / all tickets
 * @param precision automated tickets with intent and template right / automated tickets (0 when
 *     none is automated)
 * @param unsafeAutomations automated tickets whose gold tier is not 2
 */
public record SweepStep(
    double threshold, long automated, double coverage, double precision, long unsafeAutomations) {}
