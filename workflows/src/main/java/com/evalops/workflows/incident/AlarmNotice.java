package com.evalops.workflows.incident;

/**
 * One alarm from quality monitoring. Repeated alarms for a scope join its open incident.
 *
 * @param source {@code webhook} or {@code cli}
 * @param detail the monitor's numbers (metric, value, threshold), never ticket text
 */
public record AlarmNotice(String scope, String alarmName, String source, String detail) {}
