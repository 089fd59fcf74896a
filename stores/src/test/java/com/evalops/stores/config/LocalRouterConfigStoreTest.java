package com.evalops.stores.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.RouterConfigFile;
import com.evalops.harness.contract.TemplateSetting;
import com.evalops.harness.release.ConfigDiff;
import com.evalops.harness.release.FieldChange;
import com.evalops.stores.ledger.ChangeEntry;
import com.evalops.stores.ledger.LedgerEntry;
import com.evalops.stores.ledger.LocalLedger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRouterConfigStoreTest {
  private static final Path DEMO_CONFIGS =
      Path.of(System.getProperty("evalops.repo.root", ".."), "datasets", "demo", "configs");

  @TempDir Path temp;

  private LocalLedger<ChangeEntry> changeLog;
  private LocalRouterConfigStore store;

  @BeforeEach
  void seeded() {
    LocalRouterConfigStore.seed(temp.resolve("configs"), DEMO_CONFIGS, "v14");
    changeLog = LocalLedger.changeLog(temp.resolve("change-log.jsonl"));
    store = new LocalRouterConfigStore(temp.resolve("configs"), changeLog);
  }

  private static ChangeRequest request(String changeId) {
    return new ChangeRequest(
        changeId, "dana", "card delivery v2 fixed", List.of("lee"), "run-42", "decision-run-42");
  }

  /** v14 with card_delivery_eta_v2 enabled, a lower global threshold and a new intent threshold. */
  private RouterConfig candidate(String version) {
    RouterConfig v14 = store.get("v14");
    TreeMap<String, TemplateSetting> templates = new TreeMap<>(v14.templates());
    templates.put("card_delivery_eta_v2", new TemplateSetting(true));
    TreeMap<String, Double> thresholds = new TreeMap<>(v14.intentThresholds());
    thresholds.put("card_delivery_eta", 0.88);
    return new RouterConfig(
        version, v14.promptVersion(), v14.modelVersion(), 0.8, thresholds, templates, false);
  }

  @Test
  void givenDemoConfigs_whenSeeded_thenEveryVersionReadableAndRequestedOneCurrent() {
    assertEquals(List.of("v12", "v13", "v14"), store.versions());
    assertEquals("v14", store.current().configVersion());
    assertEquals(
        RouterConfigFile.load(DEMO_CONFIGS.resolve("router-config-v12.json")), store.get("v12"));
  }

  @Test
  void givenAppliedChange_whenSeededAgain_thenPointerStaysOnTheAppliedVersion() {
    store.apply(candidate("v15"), request("change-1"));

    LocalRouterConfigStore.seed(temp.resolve("configs"), DEMO_CONFIGS, "v14");

    assertEquals("v15", store.current().configVersion());
  }

  @Test
  void givenApprovedChange_whenApplied_thenNewVersionCurrentOldKeptAndChangeLogged() {
    ChangeEntry change = store.apply(candidate("v15"), request("change-1"));

    assertEquals("v15", store.current().configVersion());
    assertEquals(candidate("v15"), store.get("v15"));
    assertEquals(List.of("v12", "v13", "v14", "v15"), store.versions());
    assertEquals(0.85, store.get("v14").confidenceThreshold());
    List<LedgerEntry<ChangeEntry>> logged = changeLog.list();
    assertEquals(1, logged.size());
    assertEquals(change, logged.get(0).content());
    assertEquals(ChangeEntry.Kind.APPLY, change.kind());
    assertEquals("v14", change.fromVersion());
    assertEquals("v15", change.toVersion());
    assertEquals(List.of("lee"), change.approvedBy());
    assertEquals("run-42", change.linkedRunId());
    assertEquals(
        List.of(
            "confidence_threshold: 0.85 -> 0.8",
            "intent_thresholds.card_delivery_eta: (absent) -> 0.88",
            "templates.card_delivery_eta_v2: disabled -> enabled"),
        change.diff());
    assertTrue(changeLog.verify().intact());
  }

  @Test
  void givenExistingVersion_whenApplied_thenRefusedAndNothingChanged() throws Exception {
    Path v13 = temp.resolve("configs/versions/router-config-v13.json");
    String before = Files.readString(v13);

    IllegalStateException refusal =
        assertThrows(
            IllegalStateException.class, () -> store.apply(candidate("v13"), request("change-1")));

    assertTrue(
        refusal.getMessage().contains("v13 already exists with different content"),
        refusal.getMessage());
    assertEquals(before, Files.readString(v13));
    assertEquals("v14", store.current().configVersion());
    assertTrue(changeLog.list().isEmpty());
  }

  @Test
  void givenRetriedApply_whenSameChangeId_thenOneVersionAndOneChangeLogEntry() {
    ChangeEntry first = store.apply(candidate("v15"), request("change-1"));

    ChangeEntry retried = store.apply(candidate("v15"), request("change-1"));

    assertEquals(first, retried);
    assertEquals(1, changeLog.list().size());
    assertEquals("v15", store.current().configVersion());
  }

  @Test
  void givenApplyInterruptedAfterChangeLog_whenRetried_thenVersionWrittenAndMadeCurrent() {
    // The crash window: the Change Log entry is written, the version file and pointer are not.
    changeLog.append(
        new ChangeEntry(
            "change-1",
            ChangeEntry.Kind.APPLY,
            "v14",
            "v15",
            null,
            List.of(),
            "dana",
            List.of("lee"),
            "card delivery v2 fixed",
            "run-42",
            "decision-run-42"));

    store.apply(candidate("v15"), request("change-1"));

    assertEquals(candidate("v15"), store.current());
    assertEquals(1, changeLog.list().size());
  }

  @Test
  void givenBadChange_whenRolledBack_thenNewVersionWithOldContentAndHistoryKept() {
    store.apply(candidate("v15"), request("change-1"));

    ChangeEntry rollback = store.rollback("v14", "v16", request("rollback-1"));

    RouterConfig v16 = store.current();
    RouterConfig v14 = store.get("v14");
    assertEquals("v16", v16.configVersion());
    assertEquals(
        new RouterConfig(
            "v16",
            v14.promptVersion(),
            v14.modelVersion(),
            v14.confidenceThreshold(),
            v14.intentThresholds(),
            v14.templates(),
            v14.safeMode()),
        v16);
    assertEquals(candidate("v15"), store.get("v15"));
    assertEquals(List.of("v12", "v13", "v14", "v15", "v16"), store.versions());
    assertEquals(ChangeEntry.Kind.ROLLBACK, rollback.kind());
    assertEquals("v14", rollback.rolledBackTo());
    assertEquals("v15", rollback.fromVersion());
    assertEquals(
        List.of(
            "confidence_threshold: 0.8 -> 0.85",
            "intent_thresholds.card_delivery_eta: 0.88 -> (absent)",
            "templates.card_delivery_eta_v2: enabled -> disabled"),
        rollback.diff());
    assertEquals(List.of(), store.diff("v14", "v16"));
    assertEquals(2, changeLog.list().size());
  }

  @Test
  void givenDemoVersions_whenDiffed_thenChangedFieldsListedReadably() {
    assertEquals(List.of(new FieldChange("model_version", "m3", "m5")), store.diff("v12", "v14"));

    RouterConfig v14 = store.get("v14");
    RouterConfig safeMode =
        new RouterConfig(
            "v15",
            "p8",
            v14.modelVersion(),
            v14.confidenceThreshold(),
            new TreeMap<>(),
            new TreeMap<>(),
            true);
    List<String> lines =
        ConfigDiff.between(v14, safeMode).stream().map(FieldChange::describe).toList();

    assertEquals("prompt_version: p7 -> p8", lines.get(0));
    assertTrue(lines.contains("intent_thresholds.password_reset: 0.92 -> (absent)"), "" + lines);
    assertTrue(lines.contains("templates.fee_schedule_v1: enabled -> (absent)"), "" + lines);
    assertEquals("safe_mode_scopes.*[unowned]: (absent) -> held", lines.get(lines.size() - 1));
  }

  @Test
  void givenProposerAsOnlyApprover_whenRequested_thenRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new ChangeRequest("change-1", "dana", "why", List.of("dana"), null, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ChangeRequest("change-1", "dana", "why", List.of(), null, null));
    assertNull(
        new ChangeRequest("c", "dana", "why", List.of("dana", "lee"), null, null).linkedRunId());
  }
}
