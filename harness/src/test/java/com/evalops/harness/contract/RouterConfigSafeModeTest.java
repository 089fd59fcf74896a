package com.evalops.harness.contract;

import static com.evalops.harness.contract.Fixtures.ROUTER_CONFIG;
import static com.evalops.harness.contract.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.harness.report.ReportWriter;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config-releases §5: safe mode held per scope by its holders, in router-config.json. */
class RouterConfigSafeModeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private RouterConfig loaded(String safeModeLine) {
    return RouterConfigFile.load(
        write(
            dir,
            "router-config.json",
            ROUTER_CONFIG.replace("\"safe_mode\": false", safeModeLine)));
  }

  private static TreeSet<String> holders(String... ids) {
    return new TreeSet<>(Set.of(ids));
  }

  @Test
  void givenLegacyFileInSafeMode_whenLoaded_thenEverythingHeldByUnowned() {
    RouterConfig config = loaded("\"safe_mode\": true");

    assertTrue(config.safeMode());
    assertEquals(Map.of("*", holders(RouterConfig.UNOWNED_HOLDER)), config.safeModeScopes());
    assertTrue(config.routeOnly("card_delivery_eta", "cards"));
    assertTrue(config.routeOnly(null, null));
  }

  @Test
  void givenScopesHeld_whenLoaded_thenSafeModeIsTrueExactlyWhenStarIsHeld() {
    RouterConfig billing =
        loaded("\"safe_mode\": false, \"safe_mode_scopes\": {\"billing\": [\"inc-2\", \"inc-1\"]}");
    RouterConfig all = loaded("\"safe_mode\": false, \"safe_mode_scopes\": {\"*\": [\"inc-3\"]}");
    RouterConfig named = loaded("\"safe_mode\": true, \"safe_mode_scopes\": {\"*\": [\"inc-3\"]}");

    assertFalse(billing.safeMode());
    assertEquals(Map.of("billing", holders("inc-1", "inc-2")), billing.safeModeScopes());
    assertTrue(all.safeMode(), "a held * is never read as safe mode off");
    assertEquals(Map.of("*", holders("inc-3")), named.safeModeScopes());
  }

  @Test
  void givenScopeWithoutHolders_whenLoaded_thenViolationNamesTheScope() {
    Path file =
        write(
            dir,
            "router-config.json",
            ROUTER_CONFIG.replace(
                "\"safe_mode\": false",
                "\"safe_mode\": false, \"safe_mode_scopes\": {\"billing\": []}"));

    ContractViolation e = assertThrows(ContractViolation.class, () -> RouterConfigFile.load(file));

    assertTrue(e.getMessage().contains("billing"), e.getMessage());
  }

  @Test
  void givenConfigWithHolds_whenWrittenAndReadBack_thenSameConfig() throws IOException {
    RouterConfig held =
        loaded("\"safe_mode\": false")
            .holding("billing", "inc-1")
            .holding("billing", "inc-2")
            .holding("fraud_report", "inc-3")
            .holding("*", "inc-4");
    Path file = dir.resolve("written.json");
    Files.write(file, JSON.writeValueAsBytes(ReportWriter.configJson(held)));

    RouterConfig back = RouterConfigFile.load(file);

    assertEquals(held, back);
    assertTrue(back.safeMode());
    assertEquals(
        Map.of(
            "*", List.of("inc-4"),
            "billing", List.of("inc-1", "inc-2"),
            "fraud_report", List.of("inc-3")),
        JSON.readValue(file.toFile(), Map.class).get("safe_mode_scopes"));
  }

  @Test
  void givenConfigWithoutHolds_whenWritten_thenExactlyTheKeysOfTheOldContract() throws IOException {
    RouterConfig plain = loaded("\"safe_mode\": false");

    Map<String, Object> json = ReportWriter.configJson(plain);

    assertEquals(
        List.of(
            "config_version",
            "prompt_version",
            "model_version",
            "confidence_threshold",
            "intent_thresholds",
            "templates",
            "safe_mode"),
        List.copyOf(json.keySet()));
    assertEquals(
        "{\"config_version\":\"v12\",\"prompt_version\":\"p7\",\"model_version\":\"m3\","
            + "\"confidence_threshold\":0.85,\"intent_thresholds\":{\"card_delivery_eta\":0.9},"
            + "\"templates\":{\"card_delivery_eta_v1\":{\"enabled\":true}},\"safe_mode\":false}",
        JSON.writeValueAsString(json));
    assertEquals(plain, plain.holding("billing", "inc-1").releasing("billing", "inc-1"));
  }

  @Test
  void givenTwoHoldersOfAScope_whenOneReleases_thenTheOtherStillHoldsIt() {
    RouterConfig held =
        loaded("\"safe_mode\": false").holding("billing", "inc-1").holding("billing", "inc-2");

    RouterConfig released = held.releasing("billing", "inc-1");

    assertEquals(Map.of("billing", holders("inc-2")), released.safeModeScopes());
    assertTrue(released.routeOnly("fee_schedule", "billing"));
    RouterConfig free = released.releasing("billing", "inc-2");
    assertFalse(free.anySafeMode());
    assertFalse(free.routeOnly("fee_schedule", "billing"));
  }

  @Test
  void givenUnownedGlobalHold_whenAnotherHolderReleasesStar_thenStillHeld() {
    RouterConfig legacy = loaded("\"safe_mode\": true").holding("*", "inc-1");

    RouterConfig released = legacy.releasing("*", "inc-1");

    assertTrue(released.safeMode());
    assertEquals(Map.of("*", holders(RouterConfig.UNOWNED_HOLDER)), released.safeModeScopes());
  }

  @Test
  void givenTeamOrIntentHeld_whenRouted_thenOnlyTicketsInThatScopeAreRouteOnly() {
    RouterConfig team = loaded("\"safe_mode\": false").holding("billing", "inc-1");
    RouterConfig intent = loaded("\"safe_mode\": false").holding("card_delivery_eta", "inc-2");

    assertTrue(team.routeOnly("fee_schedule", "billing"));
    assertFalse(team.routeOnly("card_delivery_eta", "cards"));
    assertTrue(intent.routeOnly("card_delivery_eta", "cards"));
    assertFalse(intent.routeOnly("card_not_working", "cards"));
    assertFalse(team.safeMode());
  }
}
