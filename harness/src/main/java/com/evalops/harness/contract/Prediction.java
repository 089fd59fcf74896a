package com.evalops.harness.contract;

/**
 * The router's answer for one ticket (data contract §4).
 *
 * @param template the template the router chose, or null
 * @param confidence in [0, 1]
 * @param automated true when the router sent the template to the customer by itself
 */
public record Prediction(
    String ticketId,
    String intent,
    String team,
    int tier,
    String template,
    double confidence,
    boolean automated,
    String promptVersion,
    String modelVersion) {}
