/**
 * Router-config releases (config-releases.md): typed changes and their canonical digest, the edits
 * they make, their validation against the taxonomy and the config in force, the one materiality
 * rule, the release-gate class and the rebase of a change onto a config that moved. Pure: every
 * runbook, channel and store asks these classes, so the rules have one home.
 */
package com.evalops.harness.release;
