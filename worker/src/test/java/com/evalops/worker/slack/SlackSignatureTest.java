package com.evalops.worker.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SlackSignatureTest {
  static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");

  /** A clock the test can move. */
  static final class MovableClock extends Clock {
    Instant now = NOW;

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  final MovableClock clock = new MovableClock();
  final SlackSignature signature = new SlackSignature(SECRET, clock);
  final byte[] body =
      "payload=%7B%22type%22%3A%22block_actions%22%7D".getBytes(StandardCharsets.UTF_8);

  String ts(Duration offset) {
    return Long.toString(NOW.plus(offset).getEpochSecond());
  }

  @Test
  void givenSlacksOwnExample_whenSigned_thenTheDocumentedSignature() {
    // The worked example of Slack's "Verifying requests from Slack" page.
    SlackSignature slack = new SlackSignature(SECRET, clock);
    String exampleBody =
        "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    assertEquals(
        "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
        slack.expected("1531420618", exampleBody.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void givenValidSignature_whenVerified_thenAccepted() {
    String t = ts(Duration.ZERO);
    assertEquals(Optional.empty(), signature.verify(t, signature.expected(t, body), body));
  }

  @Test
  void givenWrongSecretOrGarbage_whenVerified_thenRefused() {
    String t = ts(Duration.ZERO);
    String other = new SlackSignature("another-secret", clock).expected(t, body);
    assertTrue(signature.verify(t, other, body).orElseThrow().contains("does not match"));
    assertTrue(signature.verify(t, "v0=00", body).orElseThrow().contains("does not match"));
    assertTrue(signature.verify(t, null, body).orElseThrow().contains("missing"));
    assertTrue(signature.verify("yesterday", "v0=00", body).orElseThrow().contains("number"));
  }

  @Test
  void givenBodyAlteredAfterSigning_whenVerified_thenRefused() {
    String t = ts(Duration.ZERO);
    String signed = signature.expected(t, body);
    byte[] altered = body.clone();
    altered[altered.length - 1] = 'x';
    assertTrue(signature.verify(t, signed, altered).isPresent());
  }

  @Test
  void givenTimestampsOutsideFiveMinutes_whenVerified_thenRefusedBothWays() {
    for (Duration offset : new Duration[] {Duration.ofSeconds(-301), Duration.ofSeconds(301)}) {
      String t = ts(offset);
      assertTrue(
          signature
              .verify(t, signature.expected(t, body), body)
              .orElseThrow()
              .contains("5 minutes"),
          offset.toString());
    }
    for (Duration offset : new Duration[] {Duration.ofSeconds(-300), Duration.ofSeconds(300)}) {
      String t = ts(offset);
      assertEquals(Optional.empty(), signature.verify(t, signature.expected(t, body), body));
    }
  }

  @Test
  void givenSignatureSeenBefore_whenVerifiedAgain_thenRefusedAsReplay() {
    String t = ts(Duration.ZERO);
    String signed = signature.expected(t, body);
    assertEquals(Optional.empty(), signature.verify(t, signed, body));
    assertTrue(signature.verify(t, signed, body).orElseThrow().contains("replay"));
  }

  @Test
  void givenEntriesOlderThanTheWindow_whenTimePasses_thenForgottenAndTheReplayIsStale() {
    String t = ts(Duration.ZERO);
    String signed = signature.expected(t, body);
    signature.verify(t, signed, body);
    assertEquals(1, signature.remembered());
    clock.now = NOW.plusSeconds(301);
    String later = Long.toString(clock.now.getEpochSecond());
    signature.verify(later, signature.expected(later, body), body);
    assertEquals(1, signature.remembered(), "the first entry was evicted, the new one kept");
    assertTrue(signature.verify(t, signed, body).orElseThrow().contains("5 minutes"));
  }

  @Test
  void givenFullReplayCache_whenANewRequestComes_thenRefusedRatherThanForgetting() {
    SlackSignature small = new SlackSignature(SECRET, clock, 2);
    for (int i = 0; i < 2; i++) {
      String t = ts(Duration.ofSeconds(i));
      assertEquals(Optional.empty(), small.verify(t, small.expected(t, body), body));
    }
    String t = ts(Duration.ofSeconds(2));
    assertTrue(small.verify(t, small.expected(t, body), body).orElseThrow().contains("more than"));
  }

  @Test
  void givenNoSecret_whenAnythingArrives_thenRefused() {
    SlackSignature none = new SlackSignature("", clock);
    String t = ts(Duration.ZERO);
    assertTrue(
        none.verify(t, signature.expected(t, body), body).orElseThrow().contains("no signing"));
  }
}
