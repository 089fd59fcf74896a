package com.evalops.harness.contract;

import static com.evalops.harness.contract.Fixtures.ROUTER_CONFIG;
import static com.evalops.harness.contract.Fixtures.assertViolation;
import static com.evalops.harness.contract.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Data contract §3: router-config.json. */
class RouterConfigFileTest {
  @TempDir Path dir;

  private Path configWith(String piece, String replacement) {
    assertTrue(ROUTER_CONFIG.contains(piece), piece);
    return write(dir, "router-config.json", ROUTER_CONFIG.replace(piece, replacement));
  }

  /** The fixture without the line of {@code key}, keeping the JSON valid. */
  private Path configWithout(String key) {
    List<String> lines = new ArrayList<>(ROUTER_CONFIG.lines().toList());
    int at =
        IntStream.range(0, lines.size())
            .filter(i -> lines.get(i).contains("\"" + key + "\":"))
            .findFirst()
            .orElseThrow();
    lines.remove(at);
    if (lines.get(at).startsWith("}")) {
      String before = lines.get(at - 1);
      lines.set(at - 1, before.substring(0, before.length() - 1));
    }
    return write(dir, "router-config.json", String.join("\n", lines) + "\n");
  }

  @Test
  void givenValidConfig_whenLoaded_thenThresholdInForceIsIntentsOwnElseGlobal() {
    RouterConfig config = RouterConfigFile.load(write(dir, "router-config.json", ROUTER_CONFIG));

    assertEquals("v12", config.configVersion());
    assertEquals("p7", config.promptVersion());
    assertEquals("m3", config.modelVersion());
    assertEquals(0.9, config.thresholdFor("card_delivery_eta"));
    assertEquals(0.85, config.thresholdFor("refund_request"));
    assertTrue(config.templateEnabled("card_delivery_eta_v1"));
    assertFalse(config.templateEnabled("refund_v1"));
    assertFalse(config.safeMode());
  }

  @Test
  void givenUnknownKey_whenLoaded_thenViolationNamesKeyAndLine() {
    Path file = configWith("\"safe_mode\": false", "\"safe_mode\": false, \"safe_mod\": true");

    ContractViolation e =
        assertViolation(() -> RouterConfigFile.load(file), file, 8, "safe_mod", "true");

    assertTrue(e.problem().startsWith("unknown key"), e.getMessage());
  }

  @Test
  void givenUnknownKeyInTemplateSetting_whenLoaded_thenViolationNamesItsPath() {
    Path file = configWith("{\"enabled\": true}", "{\"enabled\": true, \"enable\": false}");

    assertViolation(
        () -> RouterConfigFile.load(file),
        file,
        7,
        "templates.card_delivery_eta_v1.enable",
        "false");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "\"confidence_threshold\": 0.85 | confidence_threshold | 1.5   | 5",
        "\"confidence_threshold\": 0.85 | confidence_threshold | -0.1  | 5",
        "\"confidence_threshold\": 0.85 | confidence_threshold | \"0.85\" | 5",
        "\"card_delivery_eta\": 0.9     | intent_thresholds.card_delivery_eta | 2 | 6",
        "\"card_delivery_eta\": 0.9     | intent_thresholds.card_delivery_eta | -0.01 | 6"
      })
  void givenThresholdOutsideZeroToOne_whenLoaded_thenViolationNamesIt(
      String piece, String field, String value, int line) {
    String key = piece.substring(0, piece.indexOf(':'));
    Path file = configWith(piece, key + ": " + value);

    ContractViolation e =
        assertViolation(() -> RouterConfigFile.load(file), file, line, field, value);

    assertTrue(
        e.problem().equals("must be within [0, 1]")
            || e.problem().equals("must be a number from 0 to 1"),
        e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "config_version",
        "prompt_version",
        "model_version",
        "confidence_threshold",
        "intent_thresholds",
        "templates",
        "safe_mode"
      })
  void givenKeyMissing_whenLoaded_thenViolationNamesIt(String key) {
    Path file = configWithout(key);

    ContractViolation e = assertViolation(() -> RouterConfigFile.load(file), file, 1, key, null);

    assertEquals("missing required key", e.problem());
  }

  @Test
  void givenTemplateEnabledAsString_whenLoaded_thenViolationNamesIt() {
    Path file = configWith("{\"enabled\": true}", "{\"enabled\": \"yes\"}");

    assertViolation(
        () -> RouterConfigFile.load(file),
        file,
        7,
        "templates.card_delivery_eta_v1.enabled",
        "\"yes\"");
  }
}
