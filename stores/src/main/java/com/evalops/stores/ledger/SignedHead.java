package com.evalops.stores.ledger;

import com.evalops.stores.storage.SecretKeys;
import com.evalops.stores.storage.StorageJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import java.util.function.LongFunction;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The seq and SHA-256 of a ledger's last entry, signed with a {@link HeadKeys} key and stored
 * beside the entries after each append. The chain only vouches for what comes before an entry; the
 * head vouches for the tail, so an edited or deleted last entry, a truncated log or an entry
 * appended by someone without the key no longer verifies.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record SignedHead(String ledger, long seq, String entrySha256, String keyId, String hmac) {
  private static final ObjectMapper JSON = StorageJson.compact();
  private static final String HMAC = "HmacSHA256";

  static SignedHead sign(String ledger, long seq, String entrySha256, SecretKeys.Key key) {
    return new SignedHead(ledger, seq, entrySha256, key.id(), mac(key, ledger, seq, entrySha256));
  }

  byte[] toBytes() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The seq a stored head names, unchecked; 0 when it names none. */
  static long seqOf(byte[] stored) {
    try {
      SignedHead head = JSON.readValue(stored, SignedHead.class);
      return head == null ? 0 : head.seq();
    } catch (IOException e) {
      return 0;
    }
  }

  /** How a stored head stands against the chain as read. */
  enum Standing {
    /** It anchors the last entry. */
    ANCHORED,
    /** A ledger written before heads existed: nothing to check yet. */
    NOT_YET,
    /** It anchors an earlier entry; the ones after it are not anchored. */
    BEHIND,
    /** It does not match the chain, or cannot be trusted. */
    BROKEN
  }

  /**
   * What a stored head says about a chain: {@code seq} is the first entry that cannot be trusted
   * (for {@code BROKEN} and {@code BEHIND}), {@code text} says why, or for {@code NOT_YET} what the
   * auditor should know.
   */
  record Finding(Standing standing, long seq, String text) {}

  /**
   * Checks the head stored at {@code where} against a chain of {@code lastSeq} entries.
   *
   * @param sha256At the SHA-256 of the stored entry with a seq from 1 to lastSeq
   * @param firstAnchored the seq of the first entry written with a signed head, 0 when none was
   */
  static Finding check(
      String ledger,
      Optional<byte[]> stored,
      String where,
      long lastSeq,
      LongFunction<String> sha256At,
      long firstAnchored,
      HeadKeys keys) {
    long tail = Math.max(lastSeq, 1);
    if (stored.isEmpty()) {
      if (lastSeq == 0) {
        return new Finding(Standing.ANCHORED, 0, null);
      }
      if (firstAnchored > 0) {
        return broken(
            lastSeq,
            "the signed head "
                + where
                + " is missing, though entries from seq "
                + firstAnchored
                + " on were written with one: without it, entry "
                + lastSeq
                + " and the end of the log are not anchored (head deleted?)");
      }
      return new Finding(
          Standing.NOT_YET,
          0,
          "no signed head yet: the tail is not anchored until the next append");
    }
    SignedHead head;
    try {
      head = JSON.readValue(stored.get(), SignedHead.class);
    } catch (IOException e) {
      return broken(tail, "the signed head " + where + " is not valid JSON");
    }
    if (head == null
        || head.seq() < 0
        || head.entrySha256() == null
        || head.keyId() == null
        || head.hmac() == null) {
      return broken(tail, "the signed head " + where + " lacks seq, entry_sha256, key_id or hmac");
    }
    if (!ledger.equals(head.ledger())) {
      return broken(
          tail,
          "the signed head " + where + " is the head of \"" + head.ledger() + "\", not " + ledger);
    }
    Optional<SecretKeys.Key> key = keys.verifying(head.keyId());
    if (key.isEmpty()) {
      return broken(
          tail,
          "the signed head "
              + where
              + " is signed with key \""
              + head.keyId()
              + "\", which is not "
              + keys.describe()
              + ": its signature cannot be checked");
    }
    byte[] expected =
        mac(key.get(), ledger, head.seq(), head.entrySha256()).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, head.hmac().getBytes(StandardCharsets.US_ASCII))) {
      return broken(
          tail,
          "the signed head "
              + where
              + " does not match its signature: it was edited, or written by someone without"
              + " key \""
              + head.keyId()
              + "\"");
    }
    if (head.seq() > lastSeq) {
      return broken(
          lastSeq + 1,
          "entry "
              + (lastSeq + 1)
              + " is missing: the signed head anchors seq "
              + head.seq()
              + " but the log ends "
              + (lastSeq == 0 ? "before seq 1" : "at seq " + lastSeq)
              + " (the last entries were deleted or the log was truncated)");
    }
    String anchoredSha256 =
        head.seq() == 0 ? LedgerEntry.GENESIS_SHA256 : sha256At.apply(head.seq());
    if (!head.entrySha256().equals(anchoredSha256)) {
      return broken(
          head.seq(),
          "entry "
              + head.seq()
              + " does not match the signed head: it was edited after it was written");
    }
    if (head.seq() < lastSeq) {
      return new Finding(
          Standing.BEHIND,
          head.seq() + 1,
          "entries "
              + (head.seq() + 1)
              + " to "
              + lastSeq
              + " come after the signed head (seq "
              + head.seq()
              + "), so nothing vouches for them: they were appended without the head key, or"
              + " a writer stopped between an entry and its head, or an append is under way"
              + " (verify again)");
    }
    return new Finding(Standing.ANCHORED, head.seq(), null);
  }

  private static Finding broken(long seq, String text) {
    return new Finding(Standing.BROKEN, seq, text);
  }

  /** An intact chain's verification with what the head adds: a break, or a notice. */
  static Verification verify(Verification chain, Finding finding) {
    return switch (finding.standing()) {
      case ANCHORED -> chain;
      case NOT_YET -> chain.withNotice(finding.text());
      case BEHIND, BROKEN -> Verification.broken(finding.seq(), finding.text());
    };
  }

  private static String mac(SecretKeys.Key key, String ledger, long seq, String entrySha256) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key.secret(), HMAC));
      String signed = "evalops-ledger-head\n" + ledger + "\n" + seq + "\n" + entrySha256;
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
