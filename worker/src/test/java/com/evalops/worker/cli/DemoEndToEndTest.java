package com.evalops.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.cli.EvalopsCommand;
import com.evalops.worker.EngineTestSupport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import picocli.CommandLine;

/**
 * {@code evalops demo} against the real engine: the whole scenario through the API, every refusal
 * on the way shown with its reason; then an edited Decision Log entry is caught by {@code evalops
 * decisions verify}.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "evalops.temporal.embedded-port=-1")
class DemoEndToEndTest {
  static final Path DATA = EngineTestSupport.newDataDir();

  @LocalServerPort int port;

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    registry.add("evalops.data-dir", DATA::toString);
    registry.add("evalops.dataset-root", () -> EngineTestSupport.demoDataset().toString());
  }

  private String[] withEngine(String... args) {
    List<String> all = new java.util.ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--engine",
            "http://localhost:" + port,
            "--dev-tokens",
            DATA.resolve("dev-tokens.properties").toString()));
    return all.toArray(String[]::new);
  }

  private int run(StringWriter out, String... args) {
    CommandLine cli = EvalopsCommand.newCommandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    return cli.execute(args);
  }

  @Test
  void givenAFreshEngine_whenTheDemoPlays_thenEveryStepHappensAndATamperedLogIsCaught()
      throws Exception {
    StringWriter demo = new StringWriter();
    int exit =
        run(demo, withEngine("demo", "--dataset-root", EngineTestSupport.demoDataset().toString()));
    String out = demo.toString();
    assertEquals(0, exit, out);
    for (String expected :
        List.of(
            "verdict PASS; Support Ops reviews whether it becomes the baseline",
            "labeler-li approves: request now APPROVED",
            "weekly-regression-2025-w51: verdict PASS, decision accepted_as_baseline",
            "a second alarm for the same scope joined it: true",
            "safe mode ON at once",
            "in production the router had sent fee_schedule_v1 by itself to 1 of them; the"
                + " labelers say 1 of those was not a fee question",
            "fee_schedule_v1 is the router's answer for 3 of 20 problem tickets, 3 of them not a"
                + " fee question",
            "regression-cards opened (joined an open one: false)",
            "gate EVALUATE, material true [\"changes model_version: m3 -> m5\"",
            "Tier 0 misses 55",
            "the incident is back at step mitigation_proposal",
            "refused (403) for lead-1: lead-1 lacks the role to submitLabel",
            "refused (409) for oncall-ana: the proposer cannot approve their own change",
            "mitigation applied: router config now",
            ": false; the problem tickets it answered now get no auto-reply",
            "safe-mode exit refused: metrics not stable: ",
            "0 of 2 consecutive passing rechecks of fresh production samples",
            "refused (400) for labeler-li: sampleId: counts or a sample id typed by a client are"
                + " not evidence",
            "the config customers got, it went out by itself: 1 unsafe auto-reply(ies)",
            "(the config at alarm time): 1 automated answer(s) to problem tickets the labelers say"
                + " are not Tier 2",
            "unmet exit conditions now: []",
            "incident closed: safe mode off for billing",
            "After billing's exit: the cards hold is still in force",
            "regression-cards stays open at step labeling",
            "Decision Log chain intact: true",
            "Demo complete.")) {
      assertTrue(out.contains(expected), "missing \"" + expected + "\" in:\n" + out);
    }
    // Each incident's own id: its workflow id and the start of its run id.
    for (String expected :
        List.of(
            "sample evaluation regression-billing-[0-9a-f]{8}-sample under v12: ",
            "recheck evaluation regression-billing-[0-9a-f]{8}-recheck-2 under v12-[0-9a-f]+: PASS",
            "golden evaluation regression-billing-[0-9a-f]{8}-recheck-golden-1 under",
            "cards held by regression-cards-[0-9a-f]{8} \\(live\\)",
            "evaluated STOP in run regression-billing-[0-9a-f]{8}-gate-1 \\(rollback_to\\(v14\\)\\)",
            "safe_mode_scopes \\{\"cards\":\\[\"regression-cards-[0-9a-f]{8}\"\\]\\}")) {
      assertTrue(Pattern.compile(expected).matcher(out).find(), "no " + expected + " in:\n" + out);
    }
    assertFalse(
        Pattern.compile("[\\w.+-]+@[\\w-]+\\.[a-z]{2,}").matcher(out).find(),
        "the demo shows sanitized tickets only:\n" + out);

    Path log = DATA.resolve("decision-log.jsonl");
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    lines.set(2, lines.get(2).replace("\"PASS\"", "\"STOP\""));
    Files.write(log, lines, StandardCharsets.UTF_8);
    StringWriter verify = new StringWriter();
    assertEquals(1, run(verify, withEngine("decisions", "verify", "--as", "auditor-au")));
    assertTrue(verify.toString().contains("seq 3"), verify.toString());
  }
}
