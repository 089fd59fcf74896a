/**
 * The one human-in-the-loop mechanism every runbook uses: approvals ({@link
 * com.evalops.workflows.approval.ApprovalBook}) and labeling ({@link
 * com.evalops.workflows.approval.LabelingBook}). Pure, deterministic state that a workflow holds;
 * no Temporal types, so the rules are tested without a test server.
 *
 * <p>How a workflow uses a book: the update validator calls {@code validate(message, now)}, which
 * throws {@code IllegalArgumentException}/{@code IllegalStateException} with the reason to show
 * (not {@code ApplicationFailure}, whose type SDK 1.38.0 loses on the way to the client) and
 * changes nothing; the handler calls {@code apply}. A client whose update was refused sends a
 * {@link com.evalops.workflows.approval.RefusalNotice} through the workflow's {@code recordRefusal}
 * signal, whose handler calls {@code refuse(message, reason, now)} so the refusal is kept for
 * auditors. The wait loop, with {@code now} taken from {@code Workflow.currentTimeMillis()}:
 *
 * <pre>{@code
 * while (book.isPending(id)) {
 *   Instant wake = book.nextWakeUp(id, now);
 *   Workflow.await(Duration.between(now, wake), () -> !book.isPending(id));
 *   now = Instant.ofEpochMilli(Workflow.currentTimeMillis());
 *   if (book.escalationDue(id, now)) { notify escalateTo; book.recordEscalation(id, now); }
 *   else if (book.remindersDue(id, now) > 0) { notify approvers; book.recordReminder(id, now); }
 *   book.expireIfDue(now);
 * }
 * }</pre>
 *
 * <p>{@code state()} returns records (pending requests with whom they wait for and until when,
 * votes, labels, refusals, and the {@link com.evalops.workflows.approval.Decisions} log) for the
 * {@code state()} query, and restores a book after continue-as-new.
 */
package com.evalops.workflows.approval;
