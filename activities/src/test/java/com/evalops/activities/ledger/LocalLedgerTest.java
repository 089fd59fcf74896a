package com.evalops.activities.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.activities.storage.Sha256;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalLedgerTest {
  private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

  @TempDir Path temp;

  private Path file() {
    return temp.resolve("decision-log.jsonl");
  }

  private LocalLedger<DecisionEntry> ledger() {
    return new LocalLedger<>(file(), DecisionEntry.class, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static DecisionEntry decision(String id, String verdict) {
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

  private LocalLedger<DecisionEntry> ledgerWith(int entries) {
    LocalLedger<DecisionEntry> ledger = ledger();
    for (int i = 1; i <= entries; i++) {
      ledger.append(decision("d" + i, "PASS"));
    }
    return ledger;
  }

  private List<String> lines() throws Exception {
    return Files.readAllLines(file(), StandardCharsets.UTF_8);
  }

  private void writeLines(List<String> lines) throws Exception {
    Files.writeString(file(), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  @Test
  void givenTwoDecisions_whenAppended_thenReadBackInOrderAndChainedToThePreviousLine()
      throws Exception {
    LocalLedger<DecisionEntry> ledger = ledger();

    LedgerEntry<DecisionEntry> first = ledger.append(decision("d1", "PASS"));
    LedgerEntry<DecisionEntry> second = ledger.append(decision("d2", "STOP"));

    assertEquals(1, first.seq());
    assertEquals(LedgerEntry.GENESIS_SHA256, first.prevSha256());
    assertEquals(2, second.seq());
    assertEquals(Sha256.of(lines().get(0).getBytes(StandardCharsets.UTF_8)), second.prevSha256());
    assertEquals(List.of(first, second), ledger().list());
    assertEquals(decision("d2", "STOP"), ledger().list().get(1).content());
    assertEquals(
        List.of(2L),
        ledger().read(d -> d.verdict().equals("STOP")).stream().map(LedgerEntry::seq).toList());
    String line = lines().get(0);
    assertTrue(line.startsWith("{\"seq\":1,\"prev_sha256\":\"000"), line);
    assertTrue(line.contains("\"content\":{\"entry_id\":\"d1\",\"run_id\":\"run-d1\""), line);
    assertTrue(line.contains("\"recorded_at\":\"2026-11-26T10:00:00Z\""), line);
  }

  @Test
  void givenUntouchedLedger_whenVerified_thenIntactWithHeadHash() throws Exception {
    ledgerWith(5);

    Verification verification = ledger().verify();

    assertTrue(verification.intact(), verification.reason());
    assertEquals(5, verification.intactEntries());
    assertEquals(
        Sha256.of(lines().get(4).getBytes(StandardCharsets.UTF_8)), verification.headSha256());
    assertNull(verification.firstBrokenSeq());
  }

  @Test
  void givenEditedEntry_whenVerified_thenFirstBrokenSeqNamed() throws Exception {
    ledgerWith(5);
    byte[] bytes = Files.readAllBytes(file());
    int lineThree = String.join("\n", lines().subList(0, 2)).length() + 1;
    int verdict = new String(bytes, StandardCharsets.UTF_8).indexOf("PASS", lineThree);
    bytes[verdict] = 'F';
    Files.write(file(), bytes);

    Verification verification = ledger().verify();

    assertFalse(verification.intact());
    assertEquals(3L, verification.firstBrokenSeq());
    assertEquals(2, verification.intactEntries());
    assertTrue(verification.reason().contains("entry 3 no longer matches"), verification.reason());
  }

  @Test
  void givenDeletedEntry_whenVerified_thenMissingSeqNamed() throws Exception {
    ledgerWith(5);
    List<String> lines = new ArrayList<>(lines());
    lines.remove(2);
    writeLines(lines);

    Verification verification = ledger().verify();

    assertFalse(verification.intact());
    assertEquals(3L, verification.firstBrokenSeq());
    assertTrue(verification.reason().contains("entry 3 is missing"), verification.reason());
  }

  @Test
  void givenDeletedEntryAndRenumberedRest_whenVerified_thenLastTrustedLinkNamed() throws Exception {
    ledgerWith(5);
    List<String> lines = new ArrayList<>(lines());
    lines.remove(2);
    for (int i = 2; i < lines.size(); i++) {
      lines.set(i, lines.get(i).replace("\"seq\":" + (i + 2), "\"seq\":" + (i + 1)));
    }
    writeLines(lines);

    Verification verification = ledger().verify();

    assertFalse(verification.intact());
    assertEquals(2L, verification.firstBrokenSeq());
    assertTrue(verification.reason().contains("entries after it were removed"));
  }

  @Test
  void givenReorderedEntries_whenVerified_thenFirstOutOfPlaceSeqNamed() throws Exception {
    ledgerWith(5);
    List<String> lines = new ArrayList<>(lines());
    Collections.swap(lines, 1, 2);
    writeLines(lines);

    Verification verification = ledger().verify();

    assertFalse(verification.intact());
    assertEquals(2L, verification.firstBrokenSeq());
  }

  @Test
  void givenSameEntryId_whenAppendedAgain_thenExistingEntryReturnedAndNothingAdded()
      throws Exception {
    LocalLedger<DecisionEntry> ledger = ledgerWith(2);
    LedgerEntry<DecisionEntry> original = ledger.list().get(0);

    LedgerEntry<DecisionEntry> retried = ledger.append(decision("d1", "STOP"));
    LedgerEntry<DecisionEntry> retriedByAnotherInstance = ledger().append(decision("d1", "STOP"));

    assertEquals(original, retried);
    assertEquals(original, retriedByAnotherInstance);
    assertEquals(2, lines().size());
    assertEquals(original, ledger().find("d1").orElseThrow());
  }

  @Test
  void givenWriterDiedMidAppend_whenNextAppend_thenTornLineReplacedAndChainIntact()
      throws Exception {
    ledgerWith(2);
    Files.writeString(
        file(), "{\"seq\":3,\"prev_sha", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    assertFalse(ledger().verify().intact());

    LedgerEntry<DecisionEntry> appended = ledger().append(decision("d3", "PASS"));

    assertEquals(3, appended.seq());
    assertTrue(ledger().verify().intact());
    assertEquals(3, lines().size());
  }

  @Test
  void givenEightThreads_whenEachAppends200_thenSeqOneTo1600WithoutGapsAndChainVerifies()
      throws Exception {
    LocalLedger<DecisionEntry> ledger = ledger();

    appendConcurrently(List.of(ledger), 8, 200);

    assertSequential(1600);
  }

  @Test
  void givenTwoInstancesOnOneFile_whenAppendingConcurrently_thenOneConsistentChain()
      throws Exception {
    LocalLedger<DecisionEntry> workerA = ledger();
    LocalLedger<DecisionEntry> workerB = ledger();

    appendConcurrently(List.of(workerA, workerB), 8, 100);
    LedgerEntry<DecisionEntry> next = workerA.append(decision("after", "PASS"));

    assertEquals(801, next.seq());
    assertSequential(801);
  }

  @Test
  void givenTwoWorkerProcesses_whenAppendingConcurrently_thenOneConsistentChain() throws Exception {
    ledgerWith(1);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Process> processes = new ArrayList<>();
    for (String worker : List.of("a", "b")) {
      processes.add(
          new ProcessBuilder(
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  LedgerAppenderProcess.class.getName(),
                  file().toString(),
                  worker,
                  "150")
              .redirectErrorStream(true)
              .start());
    }
    for (Process process : processes) {
      assertTrue(process.waitFor(120, TimeUnit.SECONDS), "worker process did not finish");
      assertEquals(
          0,
          process.exitValue(),
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    assertSequential(301);
  }

  private static void appendConcurrently(
      List<LocalLedger<DecisionEntry>> instances, int threads, int appendsPerThread)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      LocalLedger<DecisionEntry> ledger = instances.get(t % instances.size());
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
    pool.shutdown();
  }

  private void assertSequential(int expected) {
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
