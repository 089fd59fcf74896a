package com.evalops.workflows.approval;

/** What a person may do in a runbook (see the spec's "People and how they act"). */
public enum Role {
  ONCALL,
  LABELER,
  LEADERSHIP,
  AUDITOR
}
