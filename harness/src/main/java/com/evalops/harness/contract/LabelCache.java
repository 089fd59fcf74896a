package com.evalops.harness.contract;

/**
 * Hands out one String per distinct short value (intents, teams, templates, versions) read from a
 * parser's character buffer, without allocating a new String each time: a million rows repeat the
 * same few dozen labels, and their Strings were most of the garbage a run made. Not thread-safe:
 * one cache per file being read.
 */
final class LabelCache {
  private static final int MAX_ENTRIES = 1 << 16;
  private static final int MAX_LENGTH = 128;

  private String[] table = new String[256];
  private int size;

  String get(char[] chars, int offset, int length) {
    if (length > MAX_LENGTH) {
      return new String(chars, offset, length);
    }
    int hash = 0;
    for (int i = 0; i < length; i++) {
      hash = 31 * hash + chars[offset + i];
    }
    int mask = table.length - 1;
    int slot = (hash ^ (hash >>> 16)) & mask;
    for (String entry = table[slot]; entry != null; entry = table[slot]) {
      if (entry.hashCode() == hash && sameChars(entry, chars, offset, length)) {
        return entry;
      }
      slot = (slot + 1) & mask;
    }
    String value = new String(chars, offset, length);
    if (size < MAX_ENTRIES) {
      table[slot] = value;
      if (++size * 2 > table.length) {
        grow();
      }
    }
    return value;
  }

  private static boolean sameChars(String entry, char[] chars, int offset, int length) {
    if (entry.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (entry.charAt(i) != chars[offset + i]) {
        return false;
      }
    }
    return true;
  }

  private void grow() {
    String[] old = table;
    table = new String[old.length * 2];
    int mask = table.length - 1;
    for (String entry : old) {
      if (entry != null) {
        int hash = entry.hashCode();
        int slot = (hash ^ (hash >>> 16)) & mask;
        while (table[slot] != null) {
          slot = (slot + 1) & mask;
        }
        table[slot] = entry;
      }
    }
  }
}
