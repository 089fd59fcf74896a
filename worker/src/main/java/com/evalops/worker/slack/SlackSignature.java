package com.evalops.worker.slack;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's request signature ({@code X-Slack-Signature: v0=<hex>}): HMAC-SHA256 with the signing
 * secret over {@code v0:<X-Slack-Request-Timestamp>:<raw body bytes>}, compared in constant time. A
 * timestamp more than {@link #WINDOW} away from now (either way) is refused, and so is a signature
 * already accepted once: a captured request cannot be played again.
 *
 * <p>Seen signatures are kept only as long as their timestamp is inside the window, since a replay
 * after that is refused as stale anyway; the cache is bounded, and refuses (fails closed) rather
 * than forgets a signature that could still be replayed.
 */
public final class SlackSignature {
  /** How far a request's timestamp may be from now, in either direction. */
  public static final Duration WINDOW = Duration.ofMinutes(5);

  static final String VERSION = "v0";
  static final int DEFAULT_CAPACITY = 100_000;

  private final byte[] secret;
  private final Clock clock;
  private final int capacity;

  /** Accepted signature → its request timestamp (epoch seconds), oldest first. */
  private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

  public SlackSignature(String signingSecret, Clock clock) {
    this(signingSecret, clock, DEFAULT_CAPACITY);
  }

  SlackSignature(String signingSecret, Clock clock, int capacity) {
    this.secret =
        signingSecret == null ? new byte[0] : signingSecret.getBytes(StandardCharsets.UTF_8);
    this.clock = clock;
    this.capacity = capacity;
  }

  /** Whether a signing secret is configured; without one every request is refused. */
  public boolean configured() {
    return secret.length > 0;
  }

  /**
   * Checks one request; empty when it is Slack's and new, else the reason to refuse it. An accepted
   * signature is remembered, so the same request is refused the second time.
   */
  public Optional<String> verify(String timestamp, String signature, byte[] body) {
    if (!configured()) {
      return Optional.of(
          "no signing secret configured (EVALOPS_SLACK_SIGNING_SECRET): every Slack request is"
              + " refused");
    }
    if (timestamp == null || signature == null) {
      return Optional.of("missing X-Slack-Request-Timestamp or X-Slack-Signature");
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      return Optional.of("X-Slack-Request-Timestamp is not a number of seconds");
    }
    long now = clock.instant().getEpochSecond();
    if (Math.abs(now - seconds) > WINDOW.toSeconds()) {
      return Optional.of(
          "timestamp "
              + Instant.ofEpochSecond(seconds)
              + " is more than "
              + WINDOW.toMinutes()
              + " minutes from now ("
              + Instant.ofEpochSecond(now)
              + ")");
    }
    byte[] expected = expected(timestamp.trim(), body).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, signature.trim().getBytes(StandardCharsets.US_ASCII))) {
      return Optional.of("signature does not match the body");
    }
    return remember(signature.trim(), seconds, now);
  }

  /** {@code v0=<hex>} for a timestamp and body: what Slack sends, and what tests sign with. */
  public String expected(String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update((VERSION + ":" + timestamp + ":").getBytes(StandardCharsets.US_ASCII));
      mac.update(body);
      return VERSION + "=" + HexFormat.of().formatHex(mac.doFinal());
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private synchronized Optional<String> remember(String signature, long seconds, long now) {
    evictOutsideWindow(now);
    if (seen.containsKey(signature)) {
      return Optional.of("signature already seen: a replayed request");
    }
    if (seen.size() >= capacity) {
      return Optional.of(
          "more than " + capacity + " Slack requests in " + WINDOW.toMinutes() + " minutes");
    }
    seen.put(signature, seconds);
    return Optional.empty();
  }

  private void evictOutsideWindow(long now) {
    // Insertion order is close to timestamp order, but Slack's clocks may disagree a little, so
    // every entry is checked rather than stopping at the first one still inside the window.
    for (Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator(); it.hasNext(); ) {
      if (now - it.next().getValue() > WINDOW.toSeconds()) {
        it.remove();
      }
    }
  }

  synchronized int remembered() {
    return seen.size();
  }
}
