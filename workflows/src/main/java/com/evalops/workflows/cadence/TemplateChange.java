package com.evalops.workflows.cadence;

/**
 * A template to enable or disable, with the numbers behind it.
 *
 * @param leadershipIntent the template answers an intent marked {@code leadership_approval}
 * @param evidence override rate, volume and CSAT in words, e.g. "override rate 0.08 ≥ 0.05 over 706
 *     tickets"
 */
public record TemplateChange(
    String template, String intent, boolean enable, boolean leadershipIntent, String evidence) {}
