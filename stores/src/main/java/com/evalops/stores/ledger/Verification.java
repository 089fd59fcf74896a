package com.evalops.stores.ledger;

/**
 * The outcome of checking a ledger: its hash chain, and the signed head that anchors its last entry
 * ({@link SignedHead}). {@code intactEntries} entries from the start verify. When broken, {@code
 * firstBrokenSeq} names the first entry that cannot be trusted and {@code reason} says why; when
 * intact both are null. {@code headSha256} is the hash of the last entry. {@code notice} is what an
 * intact ledger still owes its auditor, such as a log written before heads were signed; null when
 * nothing.
 */
public record Verification(
    boolean intact,
    long intactEntries,
    String headSha256,
    Long firstBrokenSeq,
    String reason,
    String notice) {
  static Verification intact(long entries, String headSha256) {
    return new Verification(true, entries, headSha256, null, null, null);
  }

  static Verification broken(long seq, String reason) {
    return new Verification(false, seq - 1, null, seq, reason, null);
  }

  Verification withNotice(String text) {
    return new Verification(intact, intactEntries, headSha256, firstBrokenSeq, reason, text);
  }
}
