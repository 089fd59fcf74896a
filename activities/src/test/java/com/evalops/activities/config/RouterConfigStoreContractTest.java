package com.evalops.activities.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.activities.ledger.ChangeEntry;
import com.evalops.activities.ledger.Ledger;
import com.evalops.activities.ledger.LedgerEntry;
import com.evalops.activities.ledger.Verification;
import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.RouterConfigFile;
import com.evalops.harness.contract.Taxonomy;
import com.evalops.harness.contract.TaxonomyFile;
import com.evalops.harness.release.ConfigChange;
import com.evalops.harness.release.ConfigEdits;
import com.evalops.harness.release.ConfigOperation;
import com.evalops.harness.release.ReleaseRules;
import com.evalops.workflows.config.AppliedRelease;
import com.evalops.workflows.config.ApplyReleaseRequest;
import com.evalops.workflows.config.PrepareReleaseRequest;
import com.evalops.workflows.config.PreparedRelease;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every router-config store promises (config-releases §1, §2, §4), whatever it keeps versions
 * in, and the release activities over it. A subclass seeds the demo configs with v12 in force and
 * gives new store instances over the same storage: two instances are two workers.
 */
abstract class RouterConfigStoreContractTest {
  static final Path DEMO =
      Path.of(System.getProperty("evalops.repo.root", ".."), "datasets", "demo");
  static final Taxonomy TAXONOMY = TaxonomyFile.load(DEMO.resolve("taxonomy.json"));

  /** Seeds {@code DEMO/configs} with v12 current. */
  abstract void seed();

  /** A new instance of the Change Log over this test's storage. */
  abstract Ledger<ChangeEntry> newChangeLog();

  /** A new store instance over this test's storage, writing to {@code changeLog}. */
  abstract RouterConfigStore newStore(Ledger<ChangeEntry> changeLog);

  RouterConfigStore store;

  @BeforeEach
  void seeded() {
    seed();
    store = newStore();
  }

  RouterConfigStore newStore() {
    return newStore(newChangeLog());
  }

  static ChangeRequest request(String changeId) {
    return new ChangeRequest(
        changeId, "dana", "incident mitigation", List.of("lee"), "run-1", null);
  }

  RouterConfig edited(String version, ConfigOperation... ops) {
    RouterConfig inForce = store.current();
    return ConfigEdits.apply(
            inForce, new ConfigChange(inForce.configVersion(), List.of(ops)), store::get)
        .withVersion(version);
  }

  List<ChangeEntry> changes() {
    return newChangeLog().list().stream().map(LedgerEntry::content).toList();
  }

  /**
   * The Change Log is one chain of config changes from v12 to the version in force, each entry
   * starting where the one before it ended, and its hash chain verifies.
   */
  void assertChainEndsInForce() {
    List<ChangeEntry> changes = changes();
    String at = "v12";
    for (ChangeEntry change : changes) {
      assertEquals(at, change.fromVersion(), "entry " + change.entryId() + " in " + changes);
      at = change.toVersion();
    }
    assertEquals(at, newStore().current().configVersion());
    Verification verification = newChangeLog().verify();
    assertTrue(verification.intact(), verification.reason());
    assertEquals(changes.size(), verification.intactEntries());
  }

  // --- the store: compare-and-set --------------------------------------------------------------

  @Test
  void givenDemoConfigs_whenSeeded_thenEveryVersionReadableAndV12Current() {
    assertEquals(List.of("v12", "v13", "v14"), store.versions());
    assertEquals("v12", store.current().configVersion());
    assertEquals(
        RouterConfigFile.load(DEMO.resolve("configs/router-config-v14.json")), store.get("v14"));

    seed();

    assertEquals("v12", newStore().current().configVersion());
  }

  @Test
  void givenExpectedVersionInForce_whenCompareAndSet_thenCurrentWithChangeLogEntry() {
    RouterConfig next = edited("v12-t1", ConfigOperation.disableTemplate("fee_schedule_v1"));

    RouterConfigStore.Swap swap = store.compareAndSet("v12", next, null, request("c1"));

    assertTrue(swap.applied());
    assertEquals(next, newStore().current());
    ChangeEntry entry = swap.entry();
    assertEquals(List.of(entry), changes());
    assertEquals("v12", entry.fromVersion());
    assertEquals("v12-t1", entry.toVersion());
    assertEquals(List.of("templates.fee_schedule_v1: enabled -> disabled"), entry.diff());
    assertEquals(List.of("lee"), entry.approvedBy());
    assertEquals("run-1", entry.linkedRunId());
    assertEquals(Optional.of(entry), newStore().findChange("c1"));
  }

  @Test
  void givenStaleExpectedVersion_whenCompareAndSet_thenVersionInForceNamedAndNothingChanged() {
    RouterConfigStore other = newStore();
    other.compareAndSet(
        "v12",
        edited("v12-t1", ConfigOperation.disableTemplate("fee_schedule_v1")),
        null,
        request("c1"));
    List<String> versionsBefore = store.versions();

    RouterConfigStore.Swap swap =
        store.compareAndSet(
            "v12",
            edited("v12-t2", ConfigOperation.setThreshold("global", 0.9)),
            null,
            request("c2"));

    assertFalse(swap.applied());
    assertEquals("v12-t1", swap.inForce());
    assertEquals("v12-t1", newStore().current().configVersion());
    assertEquals(versionsBefore, newStore().versions());
    assertEquals(List.of("c1"), changes().stream().map(ChangeEntry::entryId).toList());
    assertEquals(Optional.empty(), store.findChange("c2"));
  }

  @Test
  void givenAppliedChange_whenRetriedWithSameChangeIdAfterAnotherLanded_thenFirstEntryReturned() {
    RouterConfig first = edited("v12-t1", ConfigOperation.disableTemplate("fee_schedule_v1"));
    ChangeEntry applied = store.compareAndSet("v12", first, null, request("c1")).entry();
    newStore()
        .compareAndSet(
            "v12-t1",
            edited("v12-t2", ConfigOperation.setThreshold("global", 0.9)),
            null,
            request("c2"));

    RouterConfigStore.Swap retried = newStore().compareAndSet("v12", first, null, request("c1"));

    assertTrue(retried.applied());
    assertEquals(applied, retried.entry());
    assertEquals(2, changes().size());
    assertEquals("v12-t2", store.current().configVersion());
  }

  @Test
  void givenCandidate_whenStored_thenReadableNotCurrentAndOnlyTheSameContentStoredAgain() {
    RouterConfig candidate = edited("v12-c1", ConfigOperation.setModel("m9"));

    store.store(candidate);
    newStore().store(candidate);

    assertEquals(candidate, newStore().get("v12-c1"));
    assertTrue(store.versions().contains("v12-c1"));
    assertEquals("v12", newStore().current().configVersion());
    assertTrue(changes().isEmpty());
    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class,
            () -> store.store(edited("v12-c1", ConfigOperation.setModel("m8"))));
    assertTrue(refused.getMessage().contains("v12-c1 already exists"), refused.getMessage());
    assertEquals(candidate, store.get("v12-c1"));

    RouterConfigStore.Swap swap =
        newStore().compareAndSet("v12", store.get("v12-c1"), null, request("c1"));

    assertTrue(swap.applied());
    assertEquals(candidate, store.current());
  }

  @Test
  void givenChangesThroughTwoInstances_whenListed_thenChangeLogInPointerOrder() {
    RouterConfigStore other = newStore();
    List<String> made = new ArrayList<>();
    String inForce = "v12";
    for (int i = 0; i < 6; i++) {
      RouterConfigStore writer = i % 2 == 0 ? store : other;
      RouterConfig next =
          edited("v12-n" + i, ConfigOperation.setThreshold("global", 0.86 + i / 100.0));
      assertTrue(writer.compareAndSet(inForce, next, null, request("c" + i)).applied());
      inForce = next.configVersion();
      made.add(inForce);
    }

    assertEquals(made, changes().stream().map(ChangeEntry::toVersion).toList());
    assertChainEndsInForce();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void givenWriterStoppedAroundItsChangeLogEntry_whenAnotherChanges_thenChainStaysInOrder(
      boolean afterAppending) {
    RouterConfigStore stopped = newStore(new StopsAtFirstAppend(newChangeLog(), afterAppending));
    RouterConfig first = edited("v12-t1", ConfigOperation.disableTemplate("fee_schedule_v1"));
    assertThrows(
        IllegalStateException.class,
        () -> stopped.compareAndSet("v12", first, null, request("c1")));

    ChangeEntry second =
        applyOnCurrent(newStore(), ConfigOperation.setThreshold("global", 0.9), "c2");
    RouterConfigStore.Swap retried = newStore().compareAndSet("v12", first, null, request("c1"));

    boolean firstLanded = second.fromVersion().equals("v12-t1");
    assertEquals(firstLanded, retried.applied(), retried.toString());
    assertEquals(
        firstLanded ? List.of("c1", "c2") : List.of("c2"),
        changes().stream().map(ChangeEntry::entryId).toList());
    assertEquals(second.toVersion(), newStore().current().configVersion());
    assertChainEndsInForce();
  }

  /** A writer's loop: applies {@code op} on whatever is in force until its compare-and-set wins. */
  static ChangeEntry applyOnCurrent(RouterConfigStore writer, ConfigOperation op, String changeId) {
    while (true) {
      RouterConfig inForce = writer.current();
      RouterConfig next =
          ConfigEdits.apply(
                  inForce, new ConfigChange(inForce.configVersion(), List.of(op)), writer::get)
              .withVersion(inForce.configVersion() + "-" + changeId);
      RouterConfigStore.Swap swap =
          writer.compareAndSet(inForce.configVersion(), next, null, request(changeId));
      if (swap.applied()) {
        return swap.entry();
      }
    }
  }

  @Test
  void givenSafeModeHeldForTwoScopes_whenRolledBack_thenBothHoldsKept() {
    RouterConfig held =
        edited(
            "v12-h1",
            ConfigOperation.holdSafeMode("billing", "inc-billing"),
            ConfigOperation.holdSafeMode("cards", "inc-cards"));
    store.compareAndSet("v12", held, null, request("hold"));

    ChangeEntry rollback = store.rollback("v14", "v12-r1", request("rollback"));

    RouterConfig current = newStore().current();
    assertEquals("m5", current.modelVersion());
    assertEquals(Set.of("billing", "cards"), current.safeModeScopes().keySet());
    assertEquals(ChangeEntry.Kind.ROLLBACK, rollback.kind());
    assertEquals("v14", rollback.rolledBackTo());
    assertEquals(List.of("model_version: m3 -> m5"), rollback.diff());
    assertChainEndsInForce();
  }

  // --- the release activities over the store ---------------------------------------------------

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
    applyConcurrently(List.of(store, newStore()));
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

    RouterConfig current = newStore().current();
    for (ConfigOperation o : EIGHT_CHANGES) {
      if (o.op().equals(ConfigOperation.SET_THRESHOLD)) {
        assertEquals(0.95, current.thresholdFor(o.target()), o.describe());
      } else {
        assertFalse(current.templateEnabled(o.target()), o.describe());
      }
    }
    List<ChangeEntry> changes = changes();
    assertEquals(
        IntStream.range(0, 8)
            .mapToObj(i -> "rel-" + i)
            .collect(TreeSet::new, Set::add, Set::addAll),
        new TreeSet<>(changes.stream().map(ChangeEntry::entryId).toList()));
    assertEquals(8, changes.size());
    assertChainEndsInForce();
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
        releases(newStore())
            .apply(approved("inc-billing-1", billing.change(), billing.candidateVersion()));
    AppliedRelease second =
        releases.apply(approved("inc-cards-1", cards.change(), cards.candidateVersion()));

    assertEquals(AppliedRelease.Status.APPLIED, first.status(), first.reason());
    assertEquals(AppliedRelease.Status.APPLIED, second.status(), second.reason());
    RouterConfig current = newStore().current();
    assertEquals(second.version(), current.configVersion());
    assertFalse(current.templateEnabled("fee_schedule_v1"));
    assertEquals(0.9, current.confidenceThreshold());
    assertEquals(
        Map.of("billing", Set.of("inc-billing"), "cards", Set.of("inc-cards")),
        current.safeModeScopes());
    List<ChangeEntry> changes = changes();
    assertEquals(
        List.of("inc-billing-1", "inc-cards-1"),
        changes.stream().map(ChangeEntry::entryId).toList());
    assertEquals(cards.digest(), changes.get(1).changeDigest());
    assertEquals("run-inc-cards-1", changes.get(1).linkedRunId());
    assertChainEndsInForce();

    AppliedRelease retried =
        releases(newStore())
            .apply(approved("inc-billing-1", billing.change(), billing.candidateVersion()));

    assertEquals(first, retried);
    assertEquals(2, changes().size());
  }

  @Test
  void givenTwoChangesSettingOneThreshold_whenSecondApplied_thenReapproveWithBothValues() {
    ConfigReleaseActivitiesImpl releases = releases(store);
    ConfigChange raise = onV12(ConfigOperation.setThreshold("account_update", 0.9));
    ConfigChange higher = onV12(ConfigOperation.setThreshold("account_update", 0.95));
    AppliedRelease first = releases.apply(approved("rel-1", raise, null));

    AppliedRelease second = releases(newStore()).apply(approved("rel-2", higher, null));

    assertEquals(AppliedRelease.Status.REAPPROVE, second.status());
    assertTrue(second.reason().contains("now 0.9"), second.reason());
    assertTrue(second.reason().contains("proposed 0.95"), second.reason());
    assertTrue(second.reason().contains("intent_thresholds.account_update"), second.reason());
    assertEquals(first.version(), second.rebased().change().baseVersion());
    assertEquals(
        List.of("intent_thresholds.account_update: 0.9 -> 0.95"), second.rebased().diffLines());
    assertEquals(first.version(), newStore().current().configVersion());
    assertEquals(List.of("rel-1"), changes().stream().map(ChangeEntry::entryId).toList());
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
    assertEquals("m5", newStore().get(candidate).modelVersion());
    assertEquals("v12", newStore().current().configVersion());
    assertEquals(
        prepared,
        releases(newStore()).prepare(new PrepareReleaseRequest("rollback-1", rollback, "dana")));

    AppliedRelease unevaluated = releases.apply(approved("rollback-1", prepared.change(), null));
    assertEquals(AppliedRelease.Status.REEVALUATE, unevaluated.status());
    assertEquals("v12", store.current().configVersion());

    AppliedRelease applied = releases.apply(approved("rollback-1", prepared.change(), candidate));

    assertEquals(AppliedRelease.Status.APPLIED, applied.status(), applied.reason());
    assertEquals(candidate, applied.version());
    assertEquals(candidate, newStore().current().configVersion());
    ChangeEntry entry = changes().get(0);
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
        releases(newStore())
            .apply(
                approved(
                    "disable-1", onV12(ConfigOperation.disableTemplate("fee_schedule_v1")), null));

    AppliedRelease applied =
        releases.apply(approved("prompt-1", prepared.change(), prepared.candidateVersion()));

    assertEquals(AppliedRelease.Status.REEVALUATE, applied.status(), applied.reason());
    PreparedRelease rebased = applied.rebased();
    assertEquals(disable.version(), rebased.change().baseVersion());
    assertEquals(prepared.digest(), rebased.digest());
    RouterConfig candidate = newStore().get(rebased.candidateVersion());
    assertEquals("p8", candidate.promptVersion());
    assertFalse(candidate.templateEnabled("fee_schedule_v1"));
    assertEquals(disable.version(), newStore().current().configVersion());
    assertEquals(1, changes().size());

    AppliedRelease reevaluated =
        releases.apply(approved("prompt-1", rebased.change(), rebased.candidateVersion()));

    assertEquals(AppliedRelease.Status.APPLIED, reevaluated.status(), reevaluated.reason());
    assertEquals(rebased.candidateVersion(), newStore().current().configVersion());
    assertChainEndsInForce();
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
    assertEquals("v12", newStore().current().configVersion());
    assertTrue(changes().isEmpty());
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

  /**
   * A Change Log whose first append fails, before or after writing the entry: a worker that stopped
   * there.
   */
  private record StopsAtFirstAppend(
      Ledger<ChangeEntry> delegate, boolean afterAppending, boolean[] stopped)
      implements Ledger<ChangeEntry> {
    StopsAtFirstAppend(Ledger<ChangeEntry> delegate, boolean afterAppending) {
      this(delegate, afterAppending, new boolean[1]);
    }

    @Override
    public LedgerEntry<ChangeEntry> append(ChangeEntry record) {
      if (stopped[0]) {
        return delegate.append(record);
      }
      stopped[0] = true;
      if (afterAppending) {
        delegate.append(record);
      }
      throw new IllegalStateException("worker stopped while appending " + record.entryId());
    }

    @Override
    public Optional<LedgerEntry<ChangeEntry>> find(String entryId) {
      return delegate.find(entryId);
    }

    @Override
    public List<LedgerEntry<ChangeEntry>> list() {
      return delegate.list();
    }

    @Override
    public List<LedgerEntry<ChangeEntry>> read(Predicate<? super ChangeEntry> filter) {
      return delegate.read(filter);
    }

    @Override
    public Verification verify() {
      return delegate.verify();
    }
  }
}
