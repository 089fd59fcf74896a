package com.evalops.workflows.notify;

/**
 * A notice to people (verdict, approval requested, reminder, decision). Its text carries numbers,
 * versions and links only, never ticket text.
 *
 * @param kind {@code verdict}, {@code approval_requested}, {@code approval_updated} (a vote was
 *     counted), {@code reminder}, {@code escalation}, {@code decision}, …
 * @param runId the unique id of the runbook run the notice is about: an incident's own id ({@code
 *     WorkflowIds.incident}), not the per-scope workflow id its scope's later incidents reuse; an
 *     evaluation's run id. A notifier keeps one message per run and approval request.
 * @param audience the role the notice is for, e.g. {@code oncall} or {@code leadership}
 * @param approval the approval request the notice is about, as it stands now; null for a notice
 *     about no approval request (and in histories written before it existed)
 */
public record Notification(
    String kind,
    String runId,
    String audience,
    String title,
    String text,
    ApprovalNotice approval) {
  public Notification {
    text = text == null ? "" : text;
  }

  public Notification(String kind, String runId, String audience, String title, String text) {
    this(kind, runId, audience, title, text, null);
  }
}
