package com.evalops.activities.config;

/** One changed field between two configs, with both values as people read them. */
public record ConfigChange(String field, String from, String to) {
  /** For example {@code templates.card_delivery_eta_v2: disabled -> enabled}. */
  public String describe() {
    return field + ": " + from + " -> " + to;
  }
}
