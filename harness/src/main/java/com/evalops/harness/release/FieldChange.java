package com.evalops.harness.release;

/**
 * One changed key between two router configs, with both values as people read them.
 *
 * @param key for example {@code templates.fee_schedule_v1} or {@code
 *     safe_mode_scopes.billing[regression-billing]} (one key per scope and holder)
 */
public record FieldChange(String key, String before, String after) {
  /** For example {@code templates.card_delivery_eta_v2: disabled -> enabled}. */
  public String describe() {
    return key + ": " + before + " -> " + after;
  }
}
