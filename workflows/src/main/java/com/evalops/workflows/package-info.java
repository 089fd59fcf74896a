/**
 * The runbooks as Temporal workflows, their activity interfaces and message records. Only the pure
 * parts of the harness (gates, records) are used here: no web, Slack, S3 or file I/O.
 */
package com.evalops.workflows;
