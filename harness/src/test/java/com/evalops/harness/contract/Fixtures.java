package com.evalops.harness.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.function.Executable;

/** Small, valid contract files to write into a temporary folder, and violation assertions. */
public final class Fixtures {

  /**
   * The spec's example taxonomy, one value per line where tests need line numbers. Line 12 holds
   * {@code min_confidence}, line 5 {@code card_delivery_eta}, line 8 the templates.
   */
  public static final String TAXONOMY =
      """
      {
        "taxonomy_version": "2025-12-01",
        "intents": {
          "refund_request": {"team": "billing", "tier": 1, "leadership_approval": true},
          "card_delivery_eta": {"team": "cards", "tier": 2, "leadership_approval": false},
          "fraud_report": {"team": "risk", "tier": 0, "leadership_approval": true}
        },
        "templates": {"card_delivery_eta_v1": {"intent": "card_delivery_eta"}},
        "tier2_policy": {
          "allowed_intents": ["card_delivery_eta"],
          "allowed_templates": {"card_delivery_eta": ["card_delivery_eta_v1"]},
          "min_confidence": 0.85,
          "channels": ["email", "livechat"]
        }
      }
      """;

  /** A router config; line 5 holds the global threshold, line 6 the intent thresholds. */
  public static final String ROUTER_CONFIG =
      """
      {
        "config_version": "v12",
        "prompt_version": "p7",
        "model_version": "m3",
        "confidence_threshold": 0.85,
        "intent_thresholds": {"card_delivery_eta": 0.9},
        "templates": {"card_delivery_eta_v1": {"enabled": true}},
        "safe_mode": false
      }
      """;

  private Fixtures() {}

  /** Writes the lines, each ending in a newline, as UTF-8. */
  public static Path writeLines(Path dir, String name, String... lines) {
    String text = String.join("\n", lines) + "\n";
    return write(dir, name, text.getBytes(StandardCharsets.UTF_8));
  }

  public static Path write(Path dir, String name, String text) {
    return write(dir, name, text.getBytes(StandardCharsets.UTF_8));
  }

  public static Path write(Path dir, String name, byte[] bytes) {
    try {
      Files.createDirectories(dir);
      return Files.write(dir.resolve(name), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Taxonomy taxonomy(Path dir) {
    return TaxonomyFile.load(write(dir, "taxonomy.json", TAXONOMY));
  }

  public static RouterConfig routerConfig(Path dir) {
    return RouterConfigFile.load(write(dir, "router-config.json", ROUTER_CONFIG));
  }

  /** A JSON string literal. */
  public static String quoted(String text) {
    return "\"" + text + "\"";
  }

  /**
   * Asserts that {@code action} fails with a violation naming this file, line, field and value in
   * its accessors and in its message; a null field or value must be absent.
   */
  public static ContractViolation assertViolation(
      Executable action, Path file, long line, String field, String value) {
    ContractViolation e = assertThrows(ContractViolation.class, action);
    String message = e.getMessage();
    assertEquals(file, e.file(), message);
    assertEquals(line, e.line(), message);
    assertEquals(field, e.field(), message);
    assertEquals(value, e.value(), message);
    String where = line > 0 ? file + ":" + line : file.toString();
    assertTrue(
        message.startsWith(where + ":") || message.startsWith(where + " "),
        () -> "expected to start with " + where + ": " + message);
    if (field != null) {
      assertTrue(message.contains("field '" + field + "'"), message);
    }
    if (value != null) {
      assertTrue(message.contains("(value " + value + ")"), message);
    }
    return e;
  }

  /** One JSON Lines object, built field by field from raw JSON values, in insertion order. */
  public static final class JsonLine {
    private final Map<String, String> fields = new LinkedHashMap<>();

    private JsonLine() {}

    /** A valid ticket (data contract §1) of the {@link #TAXONOMY}'s tier 2 intent. */
    public static JsonLine ticket(String ticketId) {
      return new JsonLine()
          .with("ticket_id", quoted(ticketId))
          .with("created_at", quoted("2025-12-01T09:30:00Z"))
          .with("channel", quoted("email"))
          .with("text", quoted("Where is my new card?"))
          .with("intent", quoted("card_delivery_eta"))
          .with("team", quoted("cards"))
          .with("tier", "2")
          .with("template", quoted("card_delivery_eta_v1"));
    }

    /** A valid, correct prediction (data contract §4) for {@link #ticket}. */
    public static JsonLine prediction(String ticketId) {
      return new JsonLine()
          .with("ticket_id", quoted(ticketId))
          .with("intent", quoted("card_delivery_eta"))
          .with("team", quoted("cards"))
          .with("tier", "2")
          .with("template", quoted("card_delivery_eta_v1"))
          .with("confidence", "0.93")
          .with("automated", "true")
          .with("prompt_version", quoted("p7"))
          .with("model_version", quoted("m3"));
    }

    /** A valid routing-log entry (data contract §5) without override or csat. */
    public static JsonLine logEntry(String ticketId) {
      return new JsonLine()
          .with("ticket_id", quoted(ticketId))
          .with("created_at", quoted("2025-12-01T09:30:00Z"))
          .with("channel", quoted("livechat"))
          .with("text", quoted("Where is my new card?"))
          .with("prediction", prediction(ticketId).without("ticket_id").json());
    }

    /** An agent's override of a routing-log entry. */
    public static JsonLine override() {
      return new JsonLine()
          .with("intent", quoted("refund_request"))
          .with("team", quoted("billing"))
          .with("macro", quoted("reroute_billing"))
          .with("agent_id", quoted("agent-17"))
          .with("at", quoted("2025-12-01T10:02:00Z"));
    }

    /** Sets the field to a raw JSON value, keeping its place when it was there. */
    public JsonLine with(String field, String rawJson) {
      fields.put(field, rawJson);
      return this;
    }

    public JsonLine without(String field) {
      fields.remove(field);
      return this;
    }

    public String json() {
      return fields.entrySet().stream()
          .map(f -> quoted(f.getKey()) + ": " + f.getValue())
          .collect(Collectors.joining(", ", "{", "}"));
    }
  }
}
