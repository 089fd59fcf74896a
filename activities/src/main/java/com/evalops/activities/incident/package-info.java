/**
 * The regression runbook's side effects: safe mode and mitigations as router-config versions, the
 * problem-ticket sample drawn from the routing log, and its labeled ticket file for the harness.
 */
package com.evalops.activities.incident;
