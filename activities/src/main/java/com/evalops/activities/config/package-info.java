/**
 * Router-config changes as activities: releases (prepare, apply) and the runbooks' own changes,
 * made through the versioned config store of the stores module so that a retried activity finishes
 * the same change; and the judge of safe-mode holds.
 */
package com.evalops.activities.config;
