/**
 * Run artifacts under the deterministic key prefix {@code eval_runs/<run_id>/}: files first,
 * manifest last, so a reader never sees half a run and a retried activity rewrites the same keys.
 */
package com.evalops.stores.artifact;
