package com.evalops.stores.ledger;

/**
 * The outcome of checking a ledger's chain: {@code intactEntries} entries from the start verify.
 * When broken, {@code firstBrokenSeq} names the first entry that cannot be trusted and {@code
 * reason} says why; when intact both are null. {@code headSha256} (hash of the last line) lets a
 * caller anchor the head elsewhere, since nothing after the last entry vouches for it.
 */
public record Verification(
    boolean intact, long intactEntries, String headSha256, Long firstBrokenSeq, String reason) {
  static Verification intact(long entries, String headSha256) {
    return new Verification(true, entries, headSha256, null, null);
  }

  static Verification broken(long seq, String reason) {
    return new Verification(false, seq - 1, null, seq, reason);
  }
}
