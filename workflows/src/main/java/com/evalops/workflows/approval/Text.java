package com.evalops.workflows.approval;

/** Argument checks shared by the message records. */
final class Text {
  private Text() {}

  static String requireNonBlank(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " is required");
    }
    return value;
  }

  /** Optional text fields may be absent in older or terser messages; they read as empty. */
  static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  /** {@code safe_mode_exit} reads as "safe mode exit" in messages for people. */
  static String readable(String kind) {
    return kind.replace('_', ' ');
  }
}
