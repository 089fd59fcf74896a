package com.evalops.stores.storage;

import java.util.Locale;

/**
 * S3 Object Lock retention for objects that must outlive anyone's wish to change them (the entries
 * of the Decision and Change Logs): each is written with {@code mode} and a retain-until date
 * {@code days} after it is written. {@code GOVERNANCE}: users with {@code
 * s3:BypassGovernanceRetention} can still delete; {@code COMPLIANCE}: nobody can, the root account
 * included, until the date. {@code days} 0: no retention.
 */
public record ObjectLock(String mode, int days) {
  public static final ObjectLock NONE = new ObjectLock("GOVERNANCE", 0);

  public ObjectLock {
    mode = mode == null || mode.isBlank() ? "GOVERNANCE" : mode.trim().toUpperCase(Locale.ROOT);
    if (!mode.equals("GOVERNANCE") && !mode.equals("COMPLIANCE")) {
      throw new IllegalArgumentException(
          "Object Lock mode must be GOVERNANCE or COMPLIANCE, was \"" + mode + "\"");
    }
    if (days < 0) {
      throw new IllegalArgumentException("Object Lock days must be 0 or more, was " + days);
    }
  }

  public boolean enabled() {
    return days > 0;
  }
}
