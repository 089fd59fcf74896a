/**
 * Append-only, hash-chained JSON Lines logs with a signed head: the Decision Log (one entry per
 * runbook decision) and the Change Log (one entry per router-config change).
 */
package com.evalops.stores.ledger;
