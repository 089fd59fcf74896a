package com.evalops.activities.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.Taxonomy;
import com.evalops.harness.contract.TaxonomyFile;
import com.evalops.harness.release.ConfigChange;
import com.evalops.harness.release.ConfigOperation;
import com.evalops.harness.release.ReleaseRules;
import com.evalops.stores.config.ConfigStoreFixture;
import com.evalops.stores.config.RouterConfigStore;
import com.evalops.stores.ledger.ChangeEntry;
import com.evalops.workflows.config.AppliedRelease;
import com.evalops.workflows.config.ApplyReleaseRequest;
import com.evalops.workflows.config.PrepareReleaseRequest;
import com.evalops.workflows.config.PreparedRelease;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the release activities promise over every router-config store (config-releases §1, §2, §4),
 * whatever it keeps versions in. A subclass gives the storage, seeded with the demo configs and v12
 * in force; two store instances over it are two workers.
 */
abstract class ConfigReleaseActivitiesContractTest {
  static final Taxonomy TAXONOMY =
      TaxonomyFile.load(ConfigStoreFixture.DEMO.resolve("taxonomy.json"));

  /** This test's storage: a local folder or an S3 bucket. */
  abstract ConfigStoreFixture fixture();

  ConfigStoreFixture storage;
  RouterConfigStore store;

  @BeforeEach
  void seeded() {
    storage = fixture();
    storage.seed();
    store = storage.newStore();
  }

  ConfigReleaseActivitiesImpl releases(RouterConfigStore over) {
    return new ConfigReleaseActivitiesImpl(over, () -> TAXONOMY);
  }

  static ApplyReleaseRequest approved(String releaseId, ConfigChange change, String evaluated) {
    return new ApplyReleaseRequest(
        releaseId,
        change,
        change.digest(),
        evaluated,
        "dana",
        List.of("lee"),
        "incident " + releaseId,
        "run-" + releaseId);
  }

  static ConfigChange onV12(ConfigOperation... ops) {
    return new ConfigChange("v12", List.of(ops));
  }

  /** Four threshold raises and four template disables, each its own change. */
  static final List<ConfigOperation> EIGHT_CHANGES =
      List.of(
          ConfigOperation.setThreshold("account_update", 0.95),
          ConfigOperation.setThreshold("app_bug", 0.95),
          ConfigOperation.setThreshold("card_not_working", 0.95),
          ConfigOperation.setThreshold("login_problem", 0.95),
          ConfigOperation.disableTemplate("card_delivery_eta_v1"),
          ConfigOperation.disableTemplate("exchange_rate_info_v1"),
          ConfigOperation.disableTemplate("fee_schedule_v1"),
          ConfigOperation.disableTemplate("statement_download_v1"));

  @Test
  void givenEightChangesOnV12_whenAppliedAtOnceThroughOneStore_thenAllInForceInOneChain()
      throws Exception {
    applyConcurrently(List.of(store));
  }

  @Test
  void givenEightChangesOnV12_whenAppliedAtOnceThroughTwoStores_thenAllInForceInOneChain()
      throws Exception {
    applyConcurrently(List.of(store, storage.newStore()));
  }

  /**
   * Thread {@code t} applies change {@code t} through store {@code t % stores}; all start at once.
   */
  void applyConcurrently(List<RouterConfigStore> stores) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(EIGHT_CHANGES.size());
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<AppliedRelease>> results = new ArrayList<>();
      for (int t = 0; t < EIGHT_CHANGES.size(); t++) {
        ConfigReleaseActivitiesImpl activities = releases(stores.get(t % stores.size()));
        ApplyReleaseRequest request = approved("rel-" + t, onV12(EIGHT_CHANGES.get(t)), null);
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return activities.apply(request);
                }));
      }
      start.countDown();
      for (Future<AppliedRelease> result : results) {
        AppliedRelease applied = result.get(300, TimeUnit.SECONDS);
        assertEquals(AppliedRelease.Status.APPLIED, applied.status(), applied.reason());
      }
    } finally {
      pool.shutdownNow();
    }

    RouterConfig current = storage.newStore().current();
    for (ConfigOperation o : EIGHT_CHANGES) {
      if (o.op().equals(ConfigOperation.SET_THRESHOLD)) {
        assertEquals(0.95, current.thresholdFor(o.target()), o.describe());
      } else {
        assertFalse(current.templateEnabled(o.target()), o.describe());
      }
    }
    List<ChangeEntry> changes = storage.changes();
    assertEquals(
        IntStream.range(0, 8)
            .mapToObj(i -> "rel-" + i)
            .collect(TreeSet::new, Set::add, Set::addAll),
        new TreeSet<>(changes.stream().map(ChangeEntry::entryId).toList()));
    assertEquals(8, changes.size());
    storage.assertChainEndsInForce();
  }

  @Test
  void givenTwoIncidentsOnV12_whenBothApplied_thenBothChangesAndBothHoldsInForce() {
    ConfigReleaseActivitiesImpl releases = releases(store);
    PreparedRelease billing =
        releases.prepare(
            new PrepareReleaseRequest(
                "inc-billing-1",
                onV12(
                    ConfigOperation.holdSafeMode("billing", "inc-billing"),
                    ConfigOperation.disableTemplate("fee_schedule_v1")),
                "dana"));
    PreparedRelease cards =
        releases.prepare(
            new PrepareReleaseRequest(
                "inc-cards-1",
                onV12(
                    ConfigOperation.holdSafeMode("cards", "inc-cards"),
                    ConfigOperation.setThreshold("global", 0.9)),
                "sam"));
    assertTrue(billing.valid(), billing.problems().toString());
    assertEquals("v12", cards.change().baseVersion());
    assertEquals(ReleaseRules.Gate.IMMEDIATE, cards.gate());
    assertNull(cards.candidateVersion());
    assertEquals(
        List.of(
            "confidence_threshold: 0.85 -> 0.9",
            "safe_mode_scopes.cards[inc-cards]: (absent) -> held"),
        cards.diffLines());

    AppliedRelease first =
        releases(storage.newStore())
            .apply(approved("inc-billing-1", billing.change(), billing.candidateVersion()));
    AppliedRelease second =
        releases.apply(approved("inc-cards-1", cards.change(), cards.candidateVersion()));

    assertEquals(AppliedRelease.Status.APPLIED, first.status(), first.reason());
    assertEquals(AppliedRelease.Status.APPLIED, second.status(), second.reason());
    RouterConfig current = storage.newStore().current();
    assertEquals(second.version(), current.configVersion());
    assertFalse(current.templateEnabled("fee_schedule_v1"));
    assertEquals(0.9, current.confidenceThreshold());
    assertEquals(
        Map.of("billing", Set.of("inc-billing"), "cards", Set.of("inc-cards")),
        current.safeModeScopes());
    List<ChangeEntry> changes = storage.changes();
    assertEquals(
        List.of("inc-billing-1", "inc-cards-1"),
        changes.stream().map(ChangeEntry::entryId).toList());
    assertEquals(cards.digest(), changes.get(1).changeDigest());
    assertEquals("run-inc-cards-1", changes.get(1).linkedRunId());
    storage.assertChainEndsInForce();

    AppliedRelease retried =
        releases(storage.newStore())
            .apply(approved("inc-billing-1", billing.change(), billing.candidateVersion()));

    assertEquals(first, retried);
    assertEquals(2, storage.changes().size());
  }

  @Test
  void givenTwoChangesSettingOneThreshold_whenSecondApplied_thenReapproveWithBothValues() {
    ConfigReleaseActivitiesImpl releases = releases(store);
    ConfigChange raise = onV12(ConfigOperation.setThreshold("account_update", 0.9));
    ConfigChange higher = onV12(ConfigOperation.setThreshold("account_update", 0.95));
    AppliedRelease first = releases.apply(approved("rel-1", raise, null));

    AppliedRelease second = releases(storage.newStore()).apply(approved("rel-2", higher, null));

    assertEquals(AppliedRelease.Status.REAPPROVE, second.status());
    assertTrue(second.reason().contains("now 0.9"), second.reason());
    assertTrue(second.reason().contains("proposed 0.95"), second.reason());
    assertTrue(second.reason().contains("intent_thresholds.account_update"), second.reason());
    assertEquals(first.version(), second.rebased().change().baseVersion());
    assertEquals(
        List.of("intent_thresholds.account_update: 0.9 -> 0.95"), second.rebased().diffLines());
    assertEquals(first.version(), storage.newStore().current().configVersion());
    assertEquals(List.of("rel-1"), storage.changes().stream().map(ChangeEntry::entryId).toList());
  }

  @Test
  void givenRollbackToAnotherModel_whenPrepared_thenEvaluatedMaterialAndAppliedOnlyAsEvaluated() {
    ConfigReleaseActivitiesImpl releases = releases(store);
    ConfigChange rollback = onV12(ConfigOperation.rollbackTo("v14"));

    PreparedRelease prepared =
        releases.prepare(new PrepareReleaseRequest("rollback-1", rollback, "dana"));

    assertEquals(ReleaseRules.Gate.EVALUATE, prepared.gate());
    assertTrue(prepared.material());
    assertTrue(
        prepared.materialReasons().contains("changes model_version: m3 -> m5"),
        prepared.materialReasons().toString());
    String candidate = prepared.candidateVersion();
    assertEquals(
        ConfigReleaseActivitiesImpl.candidateVersion("v12", "rollback-1", rollback.digest()),
        candidate);
    assertEquals("m5", storage.newStore().get(candidate).modelVersion());
    assertEquals("v12", storage.newStore().current().configVersion());
    assertEquals(
        prepared,
        releases(storage.newStore())
            .prepare(new PrepareReleaseRequest("rollback-1", rollback, "dana")));

    AppliedRelease unevaluated = releases.apply(approved("rollback-1", prepared.change(), null));
    assertEquals(AppliedRelease.Status.REEVALUATE, unevaluated.status());
    assertEquals("v12", store.current().configVersion());

    AppliedRelease applied = releases.apply(approved("rollback-1", prepared.change(), candidate));

    assertEquals(AppliedRelease.Status.APPLIED, applied.status(), applied.reason());
    assertEquals(candidate, applied.version());
    assertEquals(candidate, storage.newStore().current().configVersion());
    ChangeEntry entry = storage.changes().get(0);
    assertEquals(ChangeEntry.Kind.ROLLBACK, entry.kind());
    assertEquals("v14", entry.rolledBackTo());
    assertEquals("run-rollback-1", entry.linkedRunId());
  }

  @Test
  void givenEvaluatedCandidate_whenConfigMovedBeforeApply_thenRebasedCandidateStoredToReevaluate() {
    ConfigReleaseActivitiesImpl releases = releases(store);
    ConfigChange prompt = onV12(ConfigOperation.setPrompt("p8"));
    PreparedRelease prepared =
        releases.prepare(new PrepareReleaseRequest("prompt-1", prompt, "dana"));
    AppliedRelease disable =
        releases(storage.newStore())
            .apply(
                approved(
                    "disable-1", onV12(ConfigOperation.disableTemplate("fee_schedule_v1")), null));

    AppliedRelease applied =
        releases.apply(approved("prompt-1", prepared.change(), prepared.candidateVersion()));

    assertEquals(AppliedRelease.Status.REEVALUATE, applied.status(), applied.reason());
    PreparedRelease rebased = applied.rebased();
    assertEquals(disable.version(), rebased.change().baseVersion());
    assertEquals(prepared.digest(), rebased.digest());
    RouterConfig candidate = storage.newStore().get(rebased.candidateVersion());
    assertEquals("p8", candidate.promptVersion());
    assertFalse(candidate.templateEnabled("fee_schedule_v1"));
    assertEquals(disable.version(), storage.newStore().current().configVersion());
    assertEquals(1, storage.changes().size());

    AppliedRelease reevaluated =
        releases.apply(approved("prompt-1", rebased.change(), rebased.candidateVersion()));

    assertEquals(AppliedRelease.Status.APPLIED, reevaluated.status(), reevaluated.reason());
    assertEquals(rebased.candidateVersion(), storage.newStore().current().configVersion());
    storage.assertChainEndsInForce();
  }

  @Test
  void givenWrongDigestOrOnlyTheProposer_whenApplied_thenRefusedAndNothingChanged() {
    ConfigReleaseActivitiesImpl releases = releases(store);
    ConfigChange change = onV12(ConfigOperation.setThreshold("global", 0.9));
    ConfigChange other = onV12(ConfigOperation.setThreshold("global", 0.95));
    ApplyReleaseRequest ok = approved("rel-1", change, null);

    AppliedRelease wrongDigest =
        releases.apply(
            new ApplyReleaseRequest(
                "rel-1",
                change,
                other.digest(),
                null,
                "dana",
                List.of("lee"),
                ok.reason(),
                ok.linkedRunId()));
    AppliedRelease selfApproved =
        releases.apply(
            new ApplyReleaseRequest(
                "rel-1",
                change,
                change.digest(),
                null,
                "dana",
                List.of("dana"),
                ok.reason(),
                ok.linkedRunId()));

    assertEquals(AppliedRelease.Status.REFUSED, wrongDigest.status());
    assertTrue(wrongDigest.reason().contains(other.digest()), wrongDigest.reason());
    assertEquals(AppliedRelease.Status.REFUSED, selfApproved.status());
    assertTrue(selfApproved.reason().contains("proposer dana"), selfApproved.reason());
    assertEquals("v12", storage.newStore().current().configVersion());
    assertTrue(storage.changes().isEmpty());
  }

  @Test
  void givenInvalidChange_whenPrepared_thenProblemsNamedAndNothingStored() {
    PreparedRelease prepared =
        releases(store)
            .prepare(
                new PrepareReleaseRequest(
                    "rel-1",
                    onV12(
                        ConfigOperation.setThreshold("no_such_intent", 0.9),
                        ConfigOperation.disableTemplate("no_such_template")),
                    "dana"));

    assertFalse(prepared.valid());
    assertEquals(
        List.of("operations[0].target", "operations[1].target"),
        prepared.problems().stream().map(p -> p.field()).toList());
    assertNull(prepared.candidateVersion());
    assertEquals(List.of("v12", "v13", "v14"), store.versions());
  }
}
