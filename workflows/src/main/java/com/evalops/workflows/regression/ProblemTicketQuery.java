package com.evalops.workflows.regression;

/** Recent problem tickets of a scope: overridden, low confidence, low CSAT. */
public record ProblemTicketQuery(String scope, int windowDays, int count) {}
