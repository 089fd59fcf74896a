package com.evalops.harness.evaluation;

import com.evalops.harness.comparison.ComparisonThresholds;
import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.Taxonomy;
import com.evalops.harness.contract.TaxonomyFile;
import com.evalops.harness.contract.TemplateSetting;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A small, real evaluation input on disk: taxonomy.json, tickets.jsonl and predictions.jsonl, with
 * one ticket for each case the scorer distinguishes.
 *
 * <p>Tier 2 policy: card_delivery_eta (template v1) and card_activation (templates v1, v2) may be
 * automated, by e-mail only, at confidence ≥ 0.80. Config: global threshold 0.85, overridden to
 * 0.75 for card_delivery_eta (so the policy's 0.80 is in force) and to 0.95 for card_activation;
 * card_activation_v2 is disabled.
 */
public final class EvaluationFixture {
  public static final String TAXONOMY =
      """
      {
        "taxonomy_version": "2025-12-01",
        "intents": {
          "address_change":    {"team": "accounts", "tier": 2, "leadership_approval": false},
          "card_activation":   {"team": "cards",    "tier": 2, "leadership_approval": false},
          "card_delivery_eta": {"team": "cards",    "tier": 2, "leadership_approval": false},
          "fraud_report":      {"team": "risk",     "tier": 0, "leadership_approval": true},
          "refund_request":    {"team": "billing",  "tier": 1, "leadership_approval": true}
        },
        "templates": {
          "address_change_v1":    {"intent": "address_change"},
          "card_activation_v1":   {"intent": "card_activation"},
          "card_activation_v2":   {"intent": "card_activation"},
          "card_delivery_eta_v1": {"intent": "card_delivery_eta"},
          "card_delivery_eta_v2": {"intent": "card_delivery_eta"}
        },
        "tier2_policy": {
          "allowed_intents": ["card_delivery_eta", "card_activation"],
          "allowed_templates": {
            "card_delivery_eta": ["card_delivery_eta_v1"],
            "card_activation": ["card_activation_v1", "card_activation_v2"]
          },
          "min_confidence": 0.80,
          "channels": ["email"]
        }
      }
      """;

  /**
   * One ticket per line: id, channel, gold intent, team, tier, template, then the prediction's
   * intent, team, tier, template, confidence and automated; "-" is null.
   */
  static final String ROWS =
      """
      t01 email    card_delivery_eta cards    2 card_delivery_eta_v1 \
          card_delivery_eta cards   2 card_delivery_eta_v1 0.90 true
      t02 email    fraud_report      risk     0 - \
          fraud_report      risk    0 -                    0.99 false
      t03 livechat fraud_report      risk     0 - \
          refund_request    billing 1 -                    0.60 false
      t04 email    refund_request    billing  1 - \
          fraud_report      risk    0 -                    0.70 false
      t05 email    card_delivery_eta cards    2 card_delivery_eta_v1 \
          card_delivery_eta billing 1 card_delivery_eta_v1 0.90 true
      t06 email    address_change    accounts 2 address_change_v1 \
          address_change   accounts 2 address_change_v1    0.95 true
      t07 email    card_delivery_eta cards    2 card_delivery_eta_v1 \
          card_delivery_eta cards   2 card_delivery_eta_v2 0.90 true
      t08 email    card_activation   cards    2 card_activation_v1 \
          card_activation   cards   2 card_activation_v2   0.97 true
      t09 email    card_activation   cards    2 card_activation_v1 \
          card_activation   cards   2 card_activation_v1   0.90 true
      t10 email    card_delivery_eta cards    2 card_delivery_eta_v1 \
          card_delivery_eta cards   2 card_delivery_eta_v1 0.79 true
      t11 email    card_delivery_eta cards    2 card_delivery_eta_v1 \
          card_delivery_eta cards   2 card_delivery_eta_v1 0.80 true
      t12 livechat card_delivery_eta cards    2 card_delivery_eta_v1 \
          card_delivery_eta cards   2 card_delivery_eta_v1 0.95 true
      t13 email    refund_request    billing  1 - \
          card_delivery_eta cards   2 card_delivery_eta_v1 0.92 true
      t14 email    refund_request    billing  1 - \
          mystery_intent    cards   1 -                    0.55 false
      t15 email    refund_request    billing  1 - \
          refund_request    billing 1 -                    0.88 false
      """;

  /** Replaces every digit with '#', so a test can see that report text went through it. */
  public static final UnaryOperator<String> HASH_DIGITS = text -> text.replaceAll("[0-9]", "#");

  private static final ObjectMapper JSON = new ObjectMapper();

  private EvaluationFixture() {}

  public static RouterConfig config(boolean safeMode) {
    return new RouterConfig(
        "v12",
        "p7",
        "m3",
        0.85,
        new TreeMap<>(Map.of("card_delivery_eta", 0.75, "card_activation", 0.95)),
        new TreeMap<>(
            Map.of(
                "address_change_v1", new TemplateSetting(true),
                "card_activation_v1", new TemplateSetting(true),
                "card_activation_v2", new TemplateSetting(false),
                "card_delivery_eta_v1", new TemplateSetting(true),
                "card_delivery_eta_v2", new TemplateSetting(true))),
        safeMode);
  }

  /** Writes the input files into {@code dir} and returns a request for a report in {@code out}. */
  public static EvaluationRequest request(
      Path dir, String runId, RouterConfig config, Path out, Path baseline) {
    Path taxonomyFile = write(dir.resolve("taxonomy.json"), List.of(TAXONOMY));
    Taxonomy taxonomy = TaxonomyFile.load(taxonomyFile);
    List<String> tickets = new ArrayList<>();
    List<String> predictions = new ArrayList<>();
    for (String line : ROWS.lines().toList()) {
      String[] r = line.trim().split(" +");
      Map<String, Object> ticket = new LinkedHashMap<>();
      ticket.put("ticket_id", r[0]);
      ticket.put("created_at", "2025-12-01T09:30:00Z");
      ticket.put("channel", r[1]);
      ticket.put("text", "Ticket " + r[0] + ": card 4111 1111, call 555 0100\nthanks");
      ticket.put("intent", r[2]);
      ticket.put("team", r[3]);
      ticket.put("tier", Integer.parseInt(r[4]));
      ticket.put("template", nullable(r[5]));
      tickets.add(json(ticket));
      Map<String, Object> prediction = new LinkedHashMap<>();
      prediction.put("ticket_id", r[0]);
      prediction.put("intent", r[6]);
      prediction.put("team", r[7]);
      prediction.put("tier", Integer.parseInt(r[8]));
      prediction.put("template", nullable(r[9]));
      prediction.put("confidence", Double.parseDouble(r[10]));
      prediction.put("automated", Boolean.parseBoolean(r[11]));
      prediction.put("prompt_version", "p7");
      prediction.put("model_version", "m3");
      predictions.add(json(prediction));
    }
    Path ticketsFile = write(dir.resolve("tickets.jsonl"), tickets);
    Path predictionsFile = write(dir.resolve("predictions.jsonl"), predictions);
    return new EvaluationRequest(
        runId,
        Instant.parse("2025-12-02T10:00:00Z"),
        DatasetRef.tickets(ticketsFile),
        new PredictionSource.FromFile(predictionsFile),
        taxonomy,
        config,
        out,
        baseline,
        ComparisonThresholds.DEFAULTS,
        0.95,
        HASH_DIGITS);
  }

  private static String nullable(String field) {
    return field.equals("-") ? null : field;
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path write(Path file, List<String> lines) {
    try {
      Files.createDirectories(file.getParent());
      return Files.write(file, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
