package com.evalops.stores.ledger;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.stores.storage.SecretKeys;
import com.evalops.stores.storage.Sha256;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * What every ledger store promises, whatever it keeps entries in. A subclass gives new ledger
 * instances on its storage (two calls: two workers) and ways to tamper with a stored entry, as
 * someone with write access to the storage could.
 */
abstract class LedgerContractTest {
  static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
  static final SecretKeys.Key KEY =
      new SecretKeys.Key("test-key-1", "k".repeat(32).getBytes(UTF_8));
  static final SecretKeys.Key NEXT_KEY =
      new SecretKeys.Key("test-key-2", "n".repeat(32).getBytes(UTF_8));

  /** A new instance over this test's storage, with its clock fixed at {@link #NOW}. */
  abstract Ledger<DecisionEntry> ledger(HeadKeys keys);

  /** The keys this test's ledgers sign their heads with. */
  HeadKeys keys() {
    return HeadKeys.of(List.of(KEY));
  }

  Ledger<DecisionEntry> ledger() {
    return ledger(keys());
  }

  /** Stores {@code text} as entry {@code seq}, in place or after the last one. */
  abstract void storeEntry(long seq, String text) throws Exception;

  /** The stored signed head; null when there is none. */
  abstract String storedHead() throws Exception;

  abstract void storeHead(String text) throws Exception;

  abstract void deleteHead() throws Exception;

  /** The stored text of entry {@code seq}. */
  abstract String storedEntry(long seq) throws Exception;

  /** Replaces the stored text of entry {@code seq} in place. */
  abstract void rewriteEntry(long seq, String text) throws Exception;

  abstract void deleteEntry(long seq) throws Exception;

  static DecisionEntry decision(String id, String verdict) {
    return new DecisionEntry(
        id,
        "run-" + id,
        "weekly",
        verdict,
        "accept",
        List.of(new ActorAction("dana", "oncall", "decided", NOW, "slack", "looks fine")),
        URI.create("file:///data/artifacts/eval_runs/run-" + id + "/"),
        "v14",
        null,
        List.of("macro F1 within 0.01 of baseline"),
        "v2",
        "ab".repeat(32));
  }

  Ledger<DecisionEntry> ledgerWith(int entries) {
    Ledger<DecisionEntry> ledger = ledger();
    for (int i = 1; i <= entries; i++) {
      ledger.append(decision("d" + i, "PASS"));
    }
    return ledger;
  }

  private String sha256OfStored(long seq) throws Exception {
    return Sha256.of(storedEntry(seq).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void givenTwoDecisions_whenAppended_thenReadBackInOrderAndChainedToThePreviousEntry()
      throws Exception {
    Ledger<DecisionEntry> ledger = ledger();

    LedgerEntry<DecisionEntry> first = ledger.append(decision("d1", "PASS"));
    LedgerEntry<DecisionEntry> second = ledger.append(decision("d2", "STOP"));

    assertEquals(1, first.seq());
    assertEquals(LedgerEntry.GENESIS_SHA256, first.prevSha256());
    assertEquals(2, second.seq());
    assertEquals(sha256OfStored(1), second.prevSha256());
    assertEquals(List.of(first, second), ledger().list());
    assertEquals(decision("d2", "STOP"), ledger().list().get(1).content());
    assertEquals(
        List.of(2L),
        ledger().read(d -> d.verdict().equals("STOP")).stream().map(LedgerEntry::seq).toList());
    String stored = storedEntry(1);
    assertTrue(stored.startsWith("{\"seq\":1,\"prev_sha256\":\"000"), stored);
    assertTrue(stored.contains("\"content\":{\"entry_id\":\"d1\",\"run_id\":\"run-d1\""), stored);
    assertTrue(stored.contains("\"recorded_at\":\"2026-11-26T10:00:00Z\""), stored);
  }

  @Test
  void givenUntouchedLedger_whenVerified_thenIntactWithHeadHash() throws Exception {
    ledgerWith(5);

    Verification verification = ledger().verify();

    assertTrue(verification.intact(), verification.reason());
    assertEquals(5, verification.intactEntries());
    assertEquals(sha256OfStored(5), verification.headSha256());
    assertNull(verification.firstBrokenSeq());
  }

  @Test
  void givenEditedEntry_whenVerified_thenFirstBrokenSeqNamed() throws Exception {
    ledgerWith(5);
    rewriteEntry(3, storedEntry(3).replace("\"PASS\"", "\"FAIL\""));

    Verification verification = ledger().verify();

    assertFalse(verification.intact());
    assertEquals(3L, verification.firstBrokenSeq());
    assertEquals(2, verification.intactEntries());
    assertTrue(verification.reason().contains("entry 3 no longer matches"), verification.reason());
  }

  @Test
  void givenDeletedEntry_whenVerified_thenMissingSeqNamed() throws Exception {
    ledgerWith(5);
    deleteEntry(3);

    Verification verification = ledger().verify();

    assertFalse(verification.intact());
    assertEquals(3L, verification.firstBrokenSeq());
    assertTrue(verification.reason().contains("entry 3 is missing"), verification.reason());
  }

  @Test
  void givenDeletedEntryAndRenumberedRest_whenVerified_thenLastTrustedLinkNamed() throws Exception {
    ledgerWith(5);
    String fourth = storedEntry(4);
    String fifth = storedEntry(5);
    deleteEntry(5);
    rewriteEntry(3, fourth.replace("\"seq\":4", "\"seq\":3"));
    rewriteEntry(4, fifth.replace("\"seq\":5", "\"seq\":4"));

    Verification verification = ledger().verify();

    assertFalse(verification.intact());
    assertEquals(2L, verification.firstBrokenSeq());
    assertTrue(verification.reason().contains("entries after it were removed"));
  }

  @Test
  void givenReorderedEntries_whenVerified_thenFirstOutOfPlaceSeqNamed() throws Exception {
    ledgerWith(5);
    String second = storedEntry(2);
    rewriteEntry(2, storedEntry(3));
    rewriteEntry(3, second);

    Verification verification = ledger().verify();

    assertFalse(verification.intact());
    assertEquals(2L, verification.firstBrokenSeq());
  }

  @Test
  void givenSameEntryId_whenAppendedAgain_thenExistingEntryReturnedAndNothingAdded() {
    Ledger<DecisionEntry> ledger = ledgerWith(2);
    LedgerEntry<DecisionEntry> original = ledger.list().get(0);

    LedgerEntry<DecisionEntry> retried = ledger.append(decision("d1", "STOP"));
    LedgerEntry<DecisionEntry> retriedByAnotherInstance = ledger().append(decision("d1", "STOP"));

    assertEquals(original, retried);
    assertEquals(original, retriedByAnotherInstance);
    assertEquals(2, ledger().list().size());
    assertEquals(original, ledger().find("d1").orElseThrow());
  }

  @Test
  void givenEightThreadsOnOneInstance_whenEachAppends50AtOnce_thenOneChainOfEveryRecord()
      throws Exception {
    Ledger<DecisionEntry> shared = ledger();

    appendConcurrently(Collections.nCopies(8, shared), 50);

    assertSequential(400);
  }

  @Test
  void givenEightWorkers_whenEachAppends50AtOnce_thenOneChainOfEveryRecord() throws Exception {
    List<Ledger<DecisionEntry>> workers = IntStream.range(0, 8).mapToObj(i -> ledger()).toList();

    appendConcurrently(workers, 50);
    LedgerEntry<DecisionEntry> next = workers.get(0).append(decision("after", "PASS"));

    assertEquals(401, next.seq());
    assertSequential(401);
  }

  @Test
  void givenLastEntryEdited_whenVerified_thenTheLastSeqNamedAgainstTheSignedHead()
      throws Exception {
    ledgerWith(5);
    rewriteEntry(5, storedEntry(5).replace("\"PASS\"", "\"FAIL\""));

    Verification verification = ledger().verify();

    assertFalse(verification.intact());
    assertEquals(5L, verification.firstBrokenSeq());
    assertEquals(4, verification.intactEntries());
    assertTrue(
        verification.reason().contains("entry 5 does not match the signed head"),
        verification.reason());
  }

  @Test
  void givenLastEntryDeleted_whenVerified_thenTheMissingSeqNamed() throws Exception {
    ledgerWith(5);
    deleteEntry(5);

    Verification verification = ledger().verify();

    assertFalse(verification.intact());
    assertEquals(5L, verification.firstBrokenSeq());
    assertTrue(
        verification.reason().contains("entry 5 is missing: the signed head anchors seq 5"),
        verification.reason());
  }

  @Test
  void givenLogTruncated_whenVerified_thenTheFirstMissingSeqNamed() throws Exception {
    ledgerWith(5);
    deleteEntry(5);
    deleteEntry(4);

    Verification verification = ledger().verify();

    assertFalse(verification.intact());
    assertEquals(4L, verification.firstBrokenSeq());
    assertEquals(3, verification.intactEntries());
    assertTrue(verification.reason().contains("the log ends at seq 3"), verification.reason());
  }

  @Test
  void givenHeadEdited_whenVerified_thenItsSignatureRefused() throws Exception {
    ledgerWith(5);
    deleteEntry(5);
    storeHead(storedHead().replace("\"seq\":5", "\"seq\":4"));

    Verification verification = ledger().verify();

    assertFalse(verification.intact());
    assertEquals(4L, verification.firstBrokenSeq());
    assertTrue(
        verification.reason().contains("does not match its signature"), verification.reason());
  }

  @Test
  void givenEntryAppendedWithoutTheKey_whenVerified_thenNamedAsNotAnchored() throws Exception {
    ledgerWith(2);
    String forged =
        storedEntry(2)
            .replace("\"seq\":2", "\"seq\":3")
            .replaceFirst(
                "\"prev_sha256\":\"[0-9a-f]{64}\"", "\"prev_sha256\":\"" + sha256OfStored(2) + "\"")
            .replace("\"entry_id\":\"d2\"", "\"entry_id\":\"forged\"");
    storeEntry(3, forged);

    Verification verification = ledger().verify();

    assertFalse(verification.intact());
    assertEquals(3L, verification.firstBrokenSeq());
    assertTrue(
        verification.reason().contains("entries 3 to 3 come after the signed head (seq 2)"),
        verification.reason());
  }

  @Test
  void givenHeadDeleted_whenVerified_thenMissingHeadNamedAndAppendsRefused() throws Exception {
    ledgerWith(3);
    deleteHead();

    Verification verification = ledger().verify();
    IllegalStateException refused =
        assertThrows(IllegalStateException.class, () -> ledger().append(decision("d4", "PASS")));

    assertFalse(verification.intact());
    assertEquals(3L, verification.firstBrokenSeq());
    assertTrue(
        verification.reason().contains("is missing, though entries from seq 1 on"),
        verification.reason());
    assertTrue(refused.getMessage().contains("refusing to append"), refused.getMessage());
  }

  @Test
  void givenLastEntryEdited_whenAppending_thenRefusedSoTheEditIsNeverSigned() throws Exception {
    ledgerWith(3);
    rewriteEntry(3, storedEntry(3).replace("\"PASS\"", "\"FAIL\""));

    IllegalStateException refused =
        assertThrows(IllegalStateException.class, () -> ledger().append(decision("d4", "PASS")));

    assertTrue(refused.getMessage().contains("at seq 3"), refused.getMessage());
    assertEquals(3, ledger().list().size());
  }

  @Test
  void givenLogWrittenBeforeHeads_whenVerified_thenIntactWithNoticeUntilTheNextAppend()
      throws Exception {
    LedgerFormat<DecisionEntry> format = new LedgerFormat<>(DecisionEntry.class);
    String previous = LedgerEntry.GENESIS_SHA256;
    for (int seq = 1; seq <= 3; seq++) {
      byte[] line =
          format.write(new LedgerEntry<>(seq, previous, NOW, decision("old" + seq, "PASS"), false));
      storeEntry(seq, new String(line, UTF_8));
      previous = Sha256.of(line);
    }
    assertFalse(storedEntry(3).contains("anchored"), storedEntry(3));

    Verification before = ledger().verify();
    ledger().append(decision("d4", "PASS"));
    Verification after = ledger().verify();

    assertTrue(before.intact(), before.reason());
    assertEquals(3, before.intactEntries());
    assertEquals(
        "no signed head yet: the tail is not anchored until the next append", before.notice());
    assertTrue(after.intact(), after.reason());
    assertEquals(4, after.intactEntries());
    assertNull(after.notice());
    assertTrue(storedHead().contains("\"seq\":4"), storedHead());
  }

  @Test
  void givenRotatedKey_whenTheOldKeyIsStillListed_thenVerifiesAndTheNextAppendSignsWithTheNewOne()
      throws Exception {
    HeadKeys first = HeadKeys.of(List.of(KEY));
    ledger(first).append(decision("d1", "PASS"));
    ledger(first).append(decision("d2", "PASS"));
    HeadKeys rotated = HeadKeys.of(List.of(NEXT_KEY, KEY));
    HeadKeys newOnly = HeadKeys.of(List.of(NEXT_KEY));

    assertTrue(ledger(rotated).verify().intact());
    Verification unknown = ledger(newOnly).verify();
    ledger(rotated).append(decision("d3", "PASS"));

    assertFalse(unknown.intact());
    assertTrue(
        unknown.reason().contains("signed with key \"test-key-1\", which is not"),
        unknown.reason());
    assertTrue(storedHead().contains("\"key_id\":\"test-key-2\""), storedHead());
    assertTrue(ledger(newOnly).verify().intact());
  }

  @Test
  void givenHeadLeftBehindByAFailedAppend_whenTheAppendIsRetried_thenTheHeadCatchesUp()
      throws Exception {
    ledgerWith(2);
    String headAtTwo = storedHead();
    ledger().append(decision("d3", "PASS"));
    storeHead(headAtTwo);
    assertFalse(ledger().verify().intact());

    LedgerEntry<DecisionEntry> retried = ledger().append(decision("d3", "PASS"));

    assertEquals(3, retried.seq());
    assertTrue(ledger().verify().intact());
    assertTrue(storedHead().contains("\"seq\":3"), storedHead());
  }

  /** Thread {@code t} appends through {@code ledgers.get(t)}; all threads start together. */
  static void appendConcurrently(List<Ledger<DecisionEntry>> ledgers, int appendsPerThread)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(ledgers.size());
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < ledgers.size(); t++) {
        Ledger<DecisionEntry> ledger = ledgers.get(t);
        String thread = "t" + t;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < appendsPerThread; i++) {
                    ledger.append(decision(thread + "-" + i, "PASS"));
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> future : done) {
        future.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Seqs 1..expected without gaps or forks, every record once, and a chain that verifies. */
  void assertSequential(int expected) {
    List<LedgerEntry<DecisionEntry>> entries = ledger().list();
    assertEquals(
        LongStream.rangeClosed(1, expected).boxed().toList(),
        entries.stream().map(LedgerEntry::seq).toList());
    assertEquals(expected, entries.stream().map(e -> e.content().entryId()).distinct().count());
    Verification verification = ledger().verify();
    assertTrue(verification.intact(), verification.reason());
    assertEquals(expected, verification.intactEntries());
  }
}
