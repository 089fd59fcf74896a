package com.evalops.stores.ledger;

import com.evalops.stores.storage.Sha256;
import com.evalops.stores.storage.StorageJson;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * The entry format every ledger store shares, so a chain verifies the same wherever it is kept: an
 * entry is its compact JSON bytes, and the next entry's {@code prev_sha256} is the SHA-256 of
 * exactly those bytes.
 */
final class LedgerFormat<T extends LedgerRecord> {
  private static final ObjectMapper JSON = StorageJson.compact();

  private final JavaType entryType;

  LedgerFormat(Class<T> contentType) {
    this.entryType = JSON.getTypeFactory().constructParametricType(LedgerEntry.class, contentType);
  }

  byte[] write(LedgerEntry<T> entry) {
    try {
      return JSON.writeValueAsBytes(entry);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  LedgerEntry<T> read(byte[] bytes) {
    try {
      return JSON.readValue(bytes, entryType);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Checks an intact chain's entries against the signed head stored at {@code where} (empty when
   * there is none).
   */
  static Verification verifyHead(
      Verification chain,
      List<byte[]> entries,
      String ledger,
      Optional<byte[]> head,
      String where,
      HeadKeys keys) {
    return SignedHead.verify(
        chain,
        SignedHead.check(
            ledger,
            head,
            where,
            entries.size(),
            seq -> Sha256.of(entries.get(Math.toIntExact(seq - 1))),
            head.isEmpty() ? firstAnchored(entries) : 0,
            keys));
  }

  /** The seq of the first entry written with a signed head; 0 when none was. */
  private static long firstAnchored(List<byte[]> entries) {
    for (int i = 0; i < entries.size(); i++) {
      try {
        JsonNode anchored = JSON.readTree(entries.get(i)).get("anchored");
        if (anchored != null && anchored.asBoolean()) {
          return i + 1;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return 0;
  }

  /**
   * Checks stored entries in storage order; the caller adds what only its store can see (a torn
   * last line, say). Reads the chain fields from the raw JSON, so an entry whose content no longer
   * parses as a record is still reported by seq.
   */
  static Verification verifyChain(List<byte[]> entries) {
    String previousSha256 = LedgerEntry.GENESIS_SHA256;
    long expectedSeq = 1;
    for (byte[] bytes : entries) {
      JsonNode node;
      try {
        node = JSON.readTree(bytes);
      } catch (IOException e) {
        return Verification.broken(expectedSeq, "entry " + expectedSeq + " is not valid JSON");
      }
      JsonNode seqNode = node == null ? null : node.get("seq");
      if (seqNode == null || !seqNode.canConvertToExactIntegral()) {
        return Verification.broken(expectedSeq, "entry " + expectedSeq + " has no integral seq");
      }
      long seq = seqNode.asLong();
      if (seq > expectedSeq) {
        return Verification.broken(
            expectedSeq,
            "entry "
                + expectedSeq
                + " is missing: found seq "
                + seq
                + " where "
                + expectedSeq
                + " was expected (entry deleted)");
      }
      if (seq < expectedSeq) {
        return Verification.broken(
            expectedSeq,
            "found seq "
                + seq
                + " where "
                + expectedSeq
                + " was expected (entries reordered or duplicated)");
      }
      JsonNode prev = node.get("prev_sha256");
      if (prev == null || !previousSha256.equals(prev.asText())) {
        if (seq == 1) {
          return Verification.broken(
              1, "entry 1 does not start from the genesis hash " + LedgerEntry.GENESIS_SHA256);
        }
        return Verification.broken(
            seq - 1,
            "entry "
                + (seq - 1)
                + " no longer matches the prev_sha256 recorded by entry "
                + seq
                + ": it was edited after it was written, or entries after it were removed and the"
                + " rest renumbered");
      }
      previousSha256 = Sha256.of(bytes);
      expectedSeq++;
    }
    return Verification.intact(expectedSeq - 1, previousSha256);
  }
}
