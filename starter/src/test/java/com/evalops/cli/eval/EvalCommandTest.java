package com.evalops.cli.eval;

import static com.evalops.cli.CliRun.evalops;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.cli.CliRun;
import com.evalops.harness.report.Csv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evalops eval} on the committed demo data, through the real command line. */
class EvalCommandTest {
  private static final Path DEMO =
      Path.of(System.getProperty("evalops.repo.root", "..")).resolve("datasets/demo");
  private static final List<String> REPORT_FILES =
      List.of(
          "metrics.json",
          "per_intent.csv",
          "confusion_matrix.csv",
          "tier0_report.csv",
          "tier2_violations.csv",
          "misroutes.csv",
          "summary.md",
          "threshold_sweep.csv",
          "predictions.jsonl");
  private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+\\.[\\w.]+");

  @TempDir Path tmp;

  private CliRun evalDemo(String configVersion, Path out, Path baseline) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "eval",
                "--golden",
                DEMO.resolve("golden/v2").toString(),
                "--router",
                "reference",
                "--taxonomy",
                DEMO.resolve("taxonomy.json").toString(),
                "--config",
                DEMO.resolve("configs/router-config-" + configVersion + ".json").toString(),
                "--out",
                out.toString(),
                "--quiet"));
    if (baseline != null) {
      args.add("--baseline");
      args.add(baseline.toString());
    }
    return evalops(args.toArray(String[]::new));
  }

  @Test
  void givenProdConfig_whenEvaluated_thenPassWithEveryReportFile() throws IOException {
    CliRun run = evalDemo("v12", tmp.resolve("v12"), null);

    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().startsWith("Verdict: PASS"), run.out());
    for (String file : REPORT_FILES) {
      assertTrue(Files.isRegularFile(tmp.resolve("v12").resolve(file)), file);
    }
    assertFalse(Files.exists(tmp.resolve("v12/comparison.json")));
    String summary = Files.readString(tmp.resolve("v12/summary.md"), StandardCharsets.UTF_8);
    assertTrue(summary.startsWith("# Verdict: PASS"), summary);
  }

  @Test
  void givenModelWithBrokenRefundLabels_whenComparedWithProd_thenReview() {
    evalDemo("v12", tmp.resolve("v12"), null);

    CliRun run = evalDemo("v13", tmp.resolve("v13"), tmp.resolve("v12"));

    assertEquals(1, run.exit(), run.err());
    assertTrue(run.out().startsWith("Verdict: REVIEW"), run.out());
    assertTrue(run.out().contains("recall of refund_status fell"), run.out());
    assertTrue(Files.isRegularFile(tmp.resolve("v13/comparison.json")));
  }

  @Test
  void givenModelTrainedOnCorruptedTier0Labels_whenEvaluated_thenStop() throws IOException {
    CliRun run = evalDemo("v14", tmp.resolve("v14"), null);

    assertEquals(1, run.exit(), run.err());
    assertTrue(run.out().startsWith("Verdict: STOP"), run.out());
    List<List<String>> tier0 = Csv.read(tmp.resolve("v14/tier0_report.csv"));
    assertTrue(tier0.size() > 1, "tier0_report.csv lists the misses");
    assertTrue(tier0.stream().skip(1).allMatch(row -> row.get(1).equals("FN")));
  }

  @Test
  void givenDemoRun_whenReportWritten_thenMisroutesCarryNoEmailAddress() throws IOException {
    evalDemo("v14", tmp.resolve("v14"), null);

    String misroutes = Files.readString(tmp.resolve("v14/misroutes.csv"), StandardCharsets.UTF_8);
    assertTrue(misroutes.lines().count() > 1);
    assertFalse(EMAIL.matcher(misroutes).find(), "an e-mail address leaked into misroutes.csv");
  }

  @Test
  void givenMissingTaxonomyFile_whenEvaluated_thenExit2NamingTheFile() {
    CliRun run =
        evalops(
            "eval",
            "--golden",
            DEMO.resolve("golden/v2").toString(),
            "--router",
            "reference",
            "--taxonomy",
            tmp.resolve("nope.json").toString(),
            "--config",
            DEMO.resolve("configs/router-config-v12.json").toString(),
            "--out",
            tmp.resolve("out").toString());

    assertEquals(2, run.exit());
    assertTrue(run.err().contains("nope.json") && run.err().contains("file not found"), run.err());
    assertFalse(Files.exists(tmp.resolve("out")));
  }

  @Test
  void givenBadPredictionLine_whenEvaluated_thenExit2NamingLineFieldAndValue() throws IOException {
    Path predictions = tmp.resolve("predictions.jsonl");
    Files.writeString(
        predictions,
        "{\"ticket_id\":\"T1\",\"intent\":\"x\",\"team\":\"t\",\"tier\":1,\"template\":null,"
            + "\"confidence\":1.7,\"automated\":false,\"prompt_version\":\"p\","
            + "\"model_version\":\"m\"}\n");

    CliRun run =
        evalops(
            "eval",
            "--golden",
            DEMO.resolve("golden/v2").toString(),
            "--predictions",
            predictions.toString(),
            "--taxonomy",
            DEMO.resolve("taxonomy.json").toString(),
            "--config",
            DEMO.resolve("configs/router-config-v12.json").toString(),
            "--out",
            tmp.resolve("out").toString());

    assertEquals(2, run.exit());
    assertTrue(
        run.err().contains("predictions.jsonl:1: field 'confidence' (value 1.7)"), run.err());
    assertFalse(Files.exists(tmp.resolve("out")));
  }

  @Test
  void givenBothPredictionsAndRouter_whenEvaluated_thenUsageError() {
    CliRun run =
        evalops(
            "eval",
            "--tickets",
            "t.jsonl",
            "--predictions",
            "p.jsonl",
            "--router",
            "reference",
            "--taxonomy",
            "x.json",
            "--config",
            "c.json");

    assertEquals(2, run.exit());
    assertTrue(run.err().contains("exactly one of --predictions"), run.err());
  }

  @Test
  void givenNoDataOption_whenEvaluated_thenUsageErrorListsTheChoices() {
    CliRun run = evalops("eval", "--taxonomy", "x.json", "--config", "c.json");

    assertEquals(2, run.exit());
    assertTrue(run.err().contains("--tickets") && run.err().contains("--golden"), run.err());
  }
}
