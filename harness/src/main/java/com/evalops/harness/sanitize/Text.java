package com.evalops.harness.sanitize;

/** Small text tests for the sanitizer's cheap pre-checks, which run on every character. */
final class Text {
  private Text() {}

  /**
   * True when {@code text} holds {@code word} at {@code at}, ignoring the case of ASCII letters.
   * Faster than {@link String#regionMatches(boolean, int, String, int, int)}, which folds case
   * through the Unicode tables.
   *
   * @param word lower case
   */
  static boolean startsWithIgnoringCase(String text, int at, String word) {
    if (at + word.length() > text.length()) {
      return false;
    }
    for (int k = 0; k < word.length(); k++) {
      char c = text.charAt(at + k);
      char w = word.charAt(k);
      if (c != w && !(w >= 'a' && w <= 'z' && (c | 0x20) == w)) {
        return false;
      }
    }
    return true;
  }
}
