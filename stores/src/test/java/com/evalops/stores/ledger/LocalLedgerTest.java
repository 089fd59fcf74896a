package com.evalops.stores.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalLedgerTest extends LedgerContractTest {
  @TempDir Path temp;

  private Path file() {
    return temp.resolve("decision-log.jsonl");
  }

  private Path head() {
    return temp.resolve("decision-log.head.json");
  }

  @Override
  LocalLedger<DecisionEntry> ledger(HeadKeys keys) {
    return new LocalLedger<>(file(), DecisionEntry.class, Clock.fixed(NOW, ZoneOffset.UTC), keys);
  }

  /** The key beside the file, as the second worker process of the cross-process test uses it. */
  @Override
  HeadKeys keys() {
    return LocalLedger.localKeys(file());
  }

  @Override
  void storeEntry(long seq, String text) throws Exception {
    List<String> lines = new ArrayList<>(Files.exists(file()) ? lines() : List.of());
    if (seq <= lines.size()) {
      lines.set(Math.toIntExact(seq - 1), text);
    } else {
      lines.add(text);
    }
    writeLines(lines);
  }

  @Override
  String storedHead() throws Exception {
    return Files.exists(head()) ? Files.readString(head(), StandardCharsets.UTF_8) : null;
  }

  @Override
  void storeHead(String text) throws Exception {
    Files.writeString(head(), text, StandardCharsets.UTF_8);
  }

  @Override
  void deleteHead() throws Exception {
    Files.delete(head());
  }

  @Override
  String storedEntry(long seq) throws Exception {
    return lines().get(Math.toIntExact(seq - 1));
  }

  @Override
  void rewriteEntry(long seq, String text) throws Exception {
    List<String> lines = new ArrayList<>(lines());
    lines.set(Math.toIntExact(seq - 1), text);
    writeLines(lines);
  }

  @Override
  void deleteEntry(long seq) throws Exception {
    List<String> lines = new ArrayList<>(lines());
    lines.remove(Math.toIntExact(seq - 1));
    writeLines(lines);
  }

  private List<String> lines() throws Exception {
    return Files.readAllLines(file(), StandardCharsets.UTF_8);
  }

  private void writeLines(List<String> lines) throws Exception {
    Files.writeString(file(), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
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
  void givenNoLogYet_whenVerified_thenIntactAndNothingCreated() throws Exception {
    Path absent = temp.resolve("not-yet").resolve("decision-log.jsonl");

    Verification verification = LocalLedger.decisionLog(absent).verify();

    assertTrue(verification.intact());
    assertEquals(0, verification.intactEntries());
    assertFalse(Files.exists(absent.getParent()), "verify created " + absent.getParent());
  }

  @Test
  void givenLogWithoutHead_whenVerified_thenNoHeadNorKeyWritten() throws Exception {
    ledgerWith(2);
    deleteHead();
    Files.delete(temp.resolve(HeadKeys.LOCAL_FILE_NAME));
    List<String> before = listing();

    ledger().verify();

    assertEquals(before, listing());
  }

  @Test
  void givenReadOnlyFolder_whenVerified_thenAnswersWithoutWriting() throws Exception {
    Assumptions.assumeFalse(
        "root".equals(System.getProperty("user.name")),
        "root ignores file permissions, so the folder would not be read-only");
    ledgerWith(3);
    Set<PosixFilePermission> writable = Files.getPosixFilePermissions(temp);
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      Verification verification = ledger().verify();

      assertTrue(verification.intact(), verification.reason());
      assertEquals(3, verification.intactEntries());
    } finally {
      Files.setPosixFilePermissions(temp, writable);
    }
  }

  @Test
  void givenGeneratedKey_whenWritten_thenReadableByItsOwnerOnly() throws Exception {
    ledgerWith(1);

    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(temp.resolve(HeadKeys.LOCAL_FILE_NAME))));
  }

  private List<String> listing() throws Exception {
    try (Stream<Path> files = Files.list(temp)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
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
}
