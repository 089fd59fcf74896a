package com.evalops.stores.storage;

import com.evalops.harness.ids.SafeIds;

/**
 * Ids that become file names or object keys, by the one rule of {@link SafeIds}; kept for the
 * ledgers' names, which still ask here.
 */
public final class SafeNames {
  private SafeNames() {}

  public static String require(String what, String value) {
    return SafeIds.require(what, value);
  }
}
