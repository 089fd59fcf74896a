/**
 * Activity implementations: they wrap the harness and act through the stores (artifacts,
 * Decision/Change Log, router configs) and the notifier clients.
 */
package com.evalops.activities;
