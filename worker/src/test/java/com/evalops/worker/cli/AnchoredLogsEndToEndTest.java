package com.evalops.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.cli.EvalopsCommand;
import com.evalops.stores.ledger.DecisionEntry;
import com.evalops.stores.ledger.Ledger;
import com.evalops.worker.EngineTestSupport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import picocli.CommandLine;

/**
 * {@code evalops decisions verify} against the real engine when someone with write access to the
 * data folder edits or removes the last Decision Log entry, which the hash chain alone cannot see:
 * the signed head names it, and the command exits 1.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "evalops.temporal.embedded-port=-1")
class AnchoredLogsEndToEndTest {
  static final Path DATA = EngineTestSupport.newDataDir();

  @LocalServerPort int port;
  @Autowired Ledger<DecisionEntry> decisionLog;

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    registry.add("evalops.data-dir", DATA::toString);
    registry.add("evalops.dataset-root", () -> EngineTestSupport.demoDataset().toString());
  }

  record Run(int exit, String out) {}

  Run verify() {
    StringWriter out = new StringWriter();
    CommandLine cli = EvalopsCommand.newCommandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    int exit =
        cli.execute(
            "decisions",
            "verify",
            "--as",
            "auditor-au",
            "--engine",
            "http://localhost:" + port,
            "--dev-tokens",
            DATA.resolve("dev-tokens.properties").toString());
    return new Run(exit, out.toString());
  }

  static DecisionEntry decision(String id) {
    return new DecisionEntry(
        id,
        "run-" + id,
        "weekly",
        "PASS",
        "accept",
        List.of(),
        null,
        "v12",
        null,
        List.of(),
        "v2",
        null);
  }

  @Test
  void givenTheLastEntryEditedOrDeleted_whenVerified_thenExit1NamingItsSeq() throws Exception {
    for (int i = 1; i <= 3; i++) {
      decisionLog.append(decision("anchored-" + i));
    }
    Path log = DATA.resolve("decision-log.jsonl");
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    Run intact = verify();

    List<String> edited = new ArrayList<>(lines);
    edited.set(2, edited.get(2).replace("\"PASS\"", "\"STOP\""));
    Files.write(log, edited, StandardCharsets.UTF_8);
    Run afterEdit = verify();
    Files.write(log, lines.subList(0, 2), StandardCharsets.UTF_8);
    Run afterDelete = verify();
    Files.write(log, lines, StandardCharsets.UTF_8);
    Run restored = verify();

    assertEquals(0, intact.exit(), intact.out());
    assertTrue(intact.out().contains("Decision Log: intact, 3 entries"), intact.out());
    assertEquals(1, afterEdit.exit(), afterEdit.out());
    assertTrue(
        afterEdit
            .out()
            .contains(
                "Decision Log: BROKEN at seq 3 (2 entries before it verify): entry 3 does not"
                    + " match the signed head"),
        afterEdit.out());
    assertEquals(1, afterDelete.exit(), afterDelete.out());
    assertTrue(
        afterDelete
            .out()
            .contains("BROKEN at seq 3 (2 entries before it verify): entry 3 is missing"),
        afterDelete.out());
    assertEquals(0, restored.exit(), restored.out());
  }
}
