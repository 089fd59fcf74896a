/**
 * Activity implementations: they wrap the harness and hold the artifact, config and log clients.
 */
package com.evalops.activities;
