package com.evalops.cli.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes a large, deterministic gold + predictions pair for the scoring benchmark: N tickets over K
 * intents (5 teams, all three tiers), predictions about 85% right with confidences that track
 * correctness, and the taxonomy and config to score them with.
 */
@Command(
    name = "eval-data",
    mixinStandardHelpOptions = true,
    description = "Generate gold.jsonl, predictions.jsonl, taxonomy.json and router-config.json.")
public final class GenerateEvalDataCommand implements Callable<Integer> {
  private static final String[] WORDS = {
    "card",
    "refund",
    "payment",
    "account",
    "transfer",
    "declined",
    "charge",
    "delivery",
    "app",
    "login",
    "password",
    "balance",
    "statement",
    "fee",
    "limit",
    "pending",
    "order",
    "please",
    "help",
    "urgent",
    "yesterday",
    "again",
    "still",
    "waiting",
    "why",
    "my",
    "the",
    "was",
    "not"
  };
  private static final Instant START = Instant.parse("2025-11-01T00:00:00Z");

  @Option(
      names = "--rows",
      defaultValue = "1000000",
      description = "Tickets (default ${DEFAULT-VALUE}).")
  int rows;

  @Option(
      names = "--intents",
      defaultValue = "50",
      description = "Intents (default ${DEFAULT-VALUE}).")
  int intents;

  @Option(
      names = "--seed",
      defaultValue = "7",
      description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, description = "Folder to write into.")
  Path out;

  @Override
  public Integer call() throws IOException {
    Files.createDirectories(out);
    writeTaxonomy();
    writeConfig();
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder line = new StringBuilder(512);
    try (BufferedWriter gold = writer("gold.jsonl");
        BufferedWriter predictions = writer("predictions.jsonl")) {
      for (int i = 0; i < rows; i++) {
        int intent = (int) Math.min(intents - 1, Math.abs(random.nextGaussian()) * intents / 2.5);
        boolean right = random.nextDouble() < 0.85;
        int predicted = right ? intent : random.nextInt(intents);
        double confidence =
            right ? 0.6 + 0.4 * random.nextDouble() : 0.3 + 0.6 * random.nextDouble();
        String id = String.format(Locale.ROOT, "T%08d", i);
        String channel = random.nextBoolean() ? "email" : "livechat";
        line.setLength(0);
        line.append("{\"ticket_id\":\"").append(id).append("\",\"created_at\":\"");
        line.append(START.plusSeconds(i * 7L)).append("\",\"channel\":\"").append(channel);
        line.append("\",\"text\":\"");
        for (int w = 0; w < 9; w++) {
          line.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        line.append("\",\"intent\":\"").append(intentName(intent)).append("\",\"team\":\"");
        line.append(team(intent)).append("\",\"tier\":").append(tier(intent));
        line.append(",\"template\":").append(template(intent)).append("}\n");
        gold.append(line);

        line.setLength(0);
        boolean automated = tier(predicted) == 2 && confidence >= 0.85;
        line.append("{\"ticket_id\":\"").append(id).append("\",\"intent\":\"");
        line.append(intentName(predicted)).append("\",\"team\":\"").append(team(predicted));
        line.append("\",\"tier\":").append(tier(predicted)).append(",\"template\":");
        line.append(template(predicted)).append(",\"confidence\":");
        line.append(String.format(Locale.ROOT, "%.6f", confidence));
        line.append(",\"automated\":").append(automated);
        line.append(",\"prompt_version\":\"p7\",\"model_version\":\"m3\"}\n");
        predictions.append(line);
        if ((i + 1) % 200_000 == 0) {
          System.err.printf(Locale.ROOT, "  %,d / %,d rows%n", i + 1, rows);
        }
      }
    }
    System.out.println("wrote " + rows + " tickets and predictions to " + out);
    return 0;
  }

  private BufferedWriter writer(String name) throws IOException {
    return Files.newBufferedWriter(out.resolve(name), StandardCharsets.UTF_8);
  }

  private static String intentName(int i) {
    return String.format(Locale.ROOT, "intent_%02d", i);
  }

  private static String team(int i) {
    return "team_" + (i % 5);
  }

  /** Every tenth intent is safety-critical, every third automation-eligible. */
  private static int tier(int i) {
    return i % 10 == 0 ? 0 : i % 3 == 0 ? 2 : 1;
  }

  private static String template(int i) {
    return tier(i) == 2 ? "\"" + intentName(i) + "_v1\"" : "null";
  }

  private void writeTaxonomy() throws IOException {
    StringBuilder json = new StringBuilder("{\"taxonomy_version\":\"bench\",\"intents\":{");
    StringBuilder templates = new StringBuilder();
    StringBuilder allowed = new StringBuilder();
    StringBuilder allowedTemplates = new StringBuilder();
    for (int i = 0; i < intents; i++) {
      json.append(i == 0 ? "" : ",").append('"').append(intentName(i)).append("\":{\"team\":\"");
      json.append(team(i)).append("\",\"tier\":").append(tier(i));
      json.append(",\"leadership_approval\":").append(tier(i) == 0).append('}');
      if (tier(i) == 2) {
        String sep = templates.length() == 0 ? "" : ",";
        templates.append(sep).append('"').append(intentName(i)).append("_v1\":{\"intent\":\"");
        templates.append(intentName(i)).append("\"}");
        allowed.append(sep).append('"').append(intentName(i)).append('"');
        allowedTemplates.append(sep).append('"').append(intentName(i)).append("\":[\"");
        allowedTemplates.append(intentName(i)).append("_v1\"]");
      }
    }
    json.append("},\"templates\":{").append(templates).append("},\"tier2_policy\":{");
    json.append("\"allowed_intents\":[").append(allowed).append("],\"allowed_templates\":{");
    json.append(allowedTemplates).append("},\"min_confidence\":0.85,");
    json.append("\"channels\":[\"email\",\"livechat\"]}}\n");
    Files.writeString(out.resolve("taxonomy.json"), json, StandardCharsets.UTF_8);
  }

  private void writeConfig() throws IOException {
    StringBuilder templates = new StringBuilder();
    for (int i = 0; i < intents; i++) {
      if (tier(i) == 2) {
        templates.append(templates.length() == 0 ? "" : ",");
        templates.append('"').append(intentName(i)).append("_v1\":{\"enabled\":true}");
      }
    }
    String json =
        "{\"config_version\":\"bench\",\"prompt_version\":\"p7\",\"model_version\":\"m3\","
            + "\"confidence_threshold\":0.85,\"intent_thresholds\":{},\"templates\":{"
            + templates
            + "},\"safe_mode\":false}\n";
    Files.writeString(out.resolve("router-config.json"), json, StandardCharsets.UTF_8);
  }
}
