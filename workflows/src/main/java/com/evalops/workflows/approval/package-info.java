/**
 * The one human-in-the-loop mechanism every runbook uses: approvals ({@link
 * com.evalops.workflows.approval.ApprovalBook}) and labeling ({@link
 * com.evalops.workflows.approval.LabelingBook}). The books are pure, deterministic state that a
 * workflow holds, with no Temporal types, so the rules are tested without a test server.
 *
 * <p>How a workflow uses a book: the update validator calls {@code validate(message, now)}, which
 * throws {@code IllegalArgumentException}/{@code IllegalStateException} with the reason to show
 * (not {@code ApplicationFailure}, whose type SDK 1.38.0 loses on the way to the client) and
 * changes nothing; the handler calls {@code apply}. A client whose update was refused sends a
 * {@link com.evalops.workflows.approval.RefusalNotice} through the workflow's {@code recordRefusal}
 * signal, whose handler calls {@code refuse(message, reason, now)} so the refusal is kept for
 * auditors.
 *
 * <p>The Temporal side of the kit, shared by every runbook: {@link
 * com.evalops.workflows.approval.HumanSteps}, the one interface of the human steps (vote, label,
 * refusal, and the {@code humanSteps} view) that every runbook's workflow interface extends; {@link
 * com.evalops.workflows.approval.ApprovalWait}, the one wait loop of an approval request (a notice
 * per vote counted, the policy's reminders and escalation, expiry as "no change"); and {@link
 * com.evalops.workflows.approval.HumanWait}, the one wait loop for labels and for on-call's answers
 * (reminders, an optional escalation, an explicit outcome at the deadline).
 *
 * <p>{@code state()} returns records (pending requests with whom they wait for and until when,
 * votes, labels, refusals, and the {@link com.evalops.workflows.approval.Decisions} log) for the
 * {@code state()} query, and restores a book after continue-as-new.
 */
package com.evalops.workflows.approval;
