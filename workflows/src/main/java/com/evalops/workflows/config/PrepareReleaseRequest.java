package com.evalops.workflows.config;

import com.evalops.harness.release.ConfigChange;

/**
 * A change to validate and prepare.
 *
 * @param releaseId deterministic (runbook id + step): names the candidate version and the Change
 *     Log entry, so a retry finishes the same release
 * @param change the proposed operations; its base version is ignored, the version in force is used
 */
public record PrepareReleaseRequest(String releaseId, ConfigChange change, String proposedBy) {}
