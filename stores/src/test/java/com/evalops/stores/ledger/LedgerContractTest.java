package com.evalops.stores.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  /** A new instance over this test's storage, with its clock fixed at {@link #NOW}. */
  abstract Ledger<DecisionEntry> ledger();

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
