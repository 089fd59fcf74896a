package com.evalops.stores.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalLedgerTest extends LedgerContractTest {
  @TempDir Path temp;

  private Path file() {
    return temp.resolve("decision-log.jsonl");
  }

  @Override
  LocalLedger<DecisionEntry> ledger() {
    return new LocalLedger<>(file(), DecisionEntry.class, Clock.fixed(NOW, ZoneOffset.UTC));
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
