package com.evalops.worker.temporal;

import com.evalops.stores.storage.SecretKeys;
import com.evalops.stores.storage.SecretKeys.Key;
import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverterException;
import io.temporal.payload.codec.PayloadCodec;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs every payload the engine writes to Temporal and refuses every payload it did not sign.
 *
 * <p>The workflows trust what reaches them: a vote names its actor, an evaluation notice its
 * verdict. The engine's channels authenticate and authorize people before they send anything, but
 * the Temporal frontend has no such check: whoever reaches its port could send an update directly.
 * So the engine's data converter adds an HMAC-SHA256 of each payload (its data and metadata) under
 * a key only engines hold, and its workers refuse, before any handler runs, a payload without a
 * valid one. The payload's data stays as it was, JSON, so Temporal's UI still shows it readably.
 *
 * <p>Keys rotate by listing two: the first signs, every listed key verifies.
 */
public final class PayloadSignatures implements PayloadCodec {
  /** Metadata entry holding the base64 HMAC of the payload. */
  static final String SIGNATURE = "evalops-signature";

  /** Metadata entry naming the key that signed it. */
  static final String KEY_ID = "evalops-key";

  private static final String HMAC = "HmacSHA256";

  /** How many refused payloads are remembered, so a replayed one is recorded once. */
  private static final int REMEMBERED = 4096;

  private final Key signing;
  private final Map<String, Key> verifying = new TreeMap<>();
  private final Consumer<String> refused;

  /**
   * Digests of payloads already refused: a workflow replays its history at every task on a server
   * without sticky queues, and a forged signal in it is read, and refused, each time.
   */
  private final Map<String, Boolean> alreadyRefused =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > REMEMBERED;
        }
      };

  /**
   * @param keys the first signs; all verify
   * @param refused told the reason of each refused payload, so the attempt is recorded
   */
  public PayloadSignatures(List<Key> keys, Consumer<String> refused) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("payload signing needs at least one key");
    }
    SecretKeys.requireDistinct(keys);
    this.signing = keys.get(0);
    keys.forEach(key -> verifying.put(key.id(), key));
    this.refused = refused;
  }

  /** The id of the key that signs. */
  public String signingKeyId() {
    return signing.id();
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    List<Payload> signed = new ArrayList<>(payloads.size());
    for (Payload payload : payloads) {
      Payload unsigned =
          payload.toBuilder().removeMetadata(SIGNATURE).removeMetadata(KEY_ID).build();
      signed.add(
          unsigned.toBuilder()
              .putMetadata(KEY_ID, ByteString.copyFromUtf8(signing.id()))
              .putMetadata(SIGNATURE, ByteString.copyFromUtf8(mac(signing, unsigned)))
              .build());
    }
    return signed;
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    List<Payload> verified = new ArrayList<>(payloads.size());
    for (Payload payload : payloads) {
      verified.add(verify(payload));
    }
    return verified;
  }

  private Payload verify(Payload payload) {
    ByteString keyId = payload.getMetadataMap().get(KEY_ID);
    ByteString signature = payload.getMetadataMap().get(SIGNATURE);
    if (keyId == null || signature == null) {
      throw refuse(payload, "a payload without the engine's signature");
    }
    Key key = verifying.get(keyId.toStringUtf8());
    if (key == null) {
      throw refuse(
          payload, "a payload signed with unknown key \"" + clip(keyId.toStringUtf8()) + "\"");
    }
    Payload unsigned = payload.toBuilder().removeMetadata(SIGNATURE).removeMetadata(KEY_ID).build();
    byte[] expected = mac(key, unsigned).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, signature.toByteArray())) {
      throw refuse(
          payload, "a payload whose signature does not match it (altered, or not the engine's)");
    }
    return unsigned;
  }

  /**
   * A {@link DataConverterException}, not a codec failure: the SDK drops a signal it cannot read
   * and rejects such an update, where any other exception would fail the workflow task again and
   * again, and one forged signal would stop the runbook for good.
   */
  private DataConverterException refuse(Payload payload, String what) {
    String reason =
        "refused "
            + what
            + ": only the engine writes to its workflows; act through the API, the console or"
            + " Slack";
    boolean first;
    synchronized (alreadyRefused) {
      first = alreadyRefused.put(digest(payload), Boolean.TRUE) == null;
    }
    if (first) {
      refused.accept(reason);
    }
    return new DataConverterException(reason);
  }

  /** HMAC of the data and the metadata, entries in key order, each framed by its length. */
  private static String mac(Key key, Payload payload) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key.secret(), HMAC));
      Map<String, ByteString> metadata = new TreeMap<>(payload.getMetadataMap());
      for (Map.Entry<String, ByteString> entry : metadata.entrySet()) {
        frame(mac, entry.getKey().getBytes(StandardCharsets.UTF_8));
        frame(mac, entry.getValue().toByteArray());
      }
      frame(mac, payload.getData().toByteArray());
      return Base64.getEncoder().encodeToString(mac.doFinal());
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static String digest(Payload payload) {
    try {
      return Base64.getEncoder()
          .encodeToString(MessageDigest.getInstance("SHA-256").digest(payload.toByteArray()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private static void frame(Mac mac, byte[] bytes) {
    int n = bytes.length;
    mac.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    mac.update(bytes);
  }

  private static String clip(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "…";
  }
}
