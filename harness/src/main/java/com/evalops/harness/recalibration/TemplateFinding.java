package com.evalops.harness.recalibration;

/**
 * One template's record over the window and what the calibration proposes for it.
 *
 * @param automatedSends tickets the router answered with this template by itself
 * @param overriddenSends those an agent overrode afterwards (the route was wrong)
 * @param errorRate overridden / automated sends, 0 with no sends
 * @param csatMean mean CSAT of the automated sends that were rated, null when none was
 * @param wouldBeSends for a disabled template: tickets the router answered with it and that every
 *     gate but "template disabled" let through, i.e. what enabling it would have sent
 * @param wouldBeOverridden those of the would-be sends an agent overrode
 */
public record TemplateFinding(
    String template,
    String intent,
    boolean enabled,
    long automatedSends,
    long overriddenSends,
    double errorRate,
    Double csatMean,
    long csatCount,
    long wouldBeSends,
    long wouldBeOverridden,
    Proposal proposal,
    String reason) {

  public enum Proposal {
    KEEP,
    DISABLE,
    ENABLE
  }
}
