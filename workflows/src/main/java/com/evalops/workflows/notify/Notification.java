package com.evalops.workflows.notify;

/**
 * A notice to people (verdict, approval requested, reminder, decision). Its text carries numbers,
 * versions and links only, never ticket text.
 *
 * @param kind {@code verdict}, {@code approval_requested}, {@code reminder}, {@code escalation},
 *     {@code decision}
 * @param audience the role the notice is for, e.g. {@code oncall} or {@code leadership}
 */
public record Notification(String kind, String runId, String audience, String title, String text) {
  public Notification {
    text = text == null ? "" : text;
  }
}
