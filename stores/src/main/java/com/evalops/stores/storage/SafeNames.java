package com.evalops.stores.storage;

import java.util.regex.Pattern;

/**
 * Ids that become file names or object keys (run ids, config versions): letters, digits, dot, dash
 * and underscore only, so an id can never climb out of its folder or differ between the local store
 * and S3.
 */
public final class SafeNames {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private SafeNames() {}

  public static String require(String what, String value) {
    if (value == null || !SAFE.matcher(value).matches() || value.contains("..")) {
      throw new IllegalArgumentException(
          what + " '" + value + "' is not a safe id (letters, digits, '.', '-', '_')");
    }
    return value;
  }
}
