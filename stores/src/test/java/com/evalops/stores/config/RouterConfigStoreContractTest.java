package com.evalops.stores.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.RouterConfigFile;
import com.evalops.harness.release.ConfigChange;
import com.evalops.harness.release.ConfigEdits;
import com.evalops.harness.release.ConfigOperation;
import com.evalops.stores.ledger.ChangeEntry;
import com.evalops.stores.ledger.Ledger;
import com.evalops.stores.ledger.LedgerEntry;
import com.evalops.stores.ledger.Verification;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every router-config store promises (config-releases §1, §2, §4), whatever it keeps versions
 * in. A subclass gives the storage; the release activities over it have their own contract,
 * ConfigReleaseActivitiesContractTest in the activities module.
 */
abstract class RouterConfigStoreContractTest {
  static final Path DEMO = ConfigStoreFixture.DEMO;

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

  // --- the store: compare-and-set --------------------------------------------------------------

  @Test
  void givenDemoConfigs_whenSeeded_thenEveryVersionReadableAndV12Current() {
    assertEquals(List.of("v12", "v13", "v14"), store.versions());
    assertEquals("v12", store.current().configVersion());
    assertEquals(
        RouterConfigFile.load(DEMO.resolve("configs/router-config-v14.json")), store.get("v14"));

    storage.seed();

    assertEquals("v12", storage.newStore().current().configVersion());
  }

  @Test
  void givenExpectedVersionInForce_whenCompareAndSet_thenCurrentWithChangeLogEntry() {
    RouterConfig next = edited("v12-t1", ConfigOperation.disableTemplate("fee_schedule_v1"));

    RouterConfigStore.Swap swap = store.compareAndSet("v12", next, null, request("c1"));

    assertTrue(swap.applied());
    assertEquals(next, storage.newStore().current());
    ChangeEntry entry = swap.entry();
    assertEquals(List.of(entry), storage.changes());
    assertEquals("v12", entry.fromVersion());
    assertEquals("v12-t1", entry.toVersion());
    assertEquals(List.of("templates.fee_schedule_v1: enabled -> disabled"), entry.diff());
    assertEquals(List.of("lee"), entry.approvedBy());
    assertEquals("run-1", entry.linkedRunId());
    assertEquals(Optional.of(entry), storage.newStore().findChange("c1"));
  }

  @Test
  void givenStaleExpectedVersion_whenCompareAndSet_thenVersionInForceNamedAndNothingChanged() {
    RouterConfigStore other = storage.newStore();
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
    assertEquals("v12-t1", storage.newStore().current().configVersion());
    assertEquals(versionsBefore, storage.newStore().versions());
    assertEquals(List.of("c1"), storage.changes().stream().map(ChangeEntry::entryId).toList());
    assertEquals(Optional.empty(), store.findChange("c2"));
  }

  @Test
  void givenAppliedChange_whenRetriedWithSameChangeIdAfterAnotherLanded_thenFirstEntryReturned() {
    RouterConfig first = edited("v12-t1", ConfigOperation.disableTemplate("fee_schedule_v1"));
    ChangeEntry applied = store.compareAndSet("v12", first, null, request("c1")).entry();
    storage
        .newStore()
        .compareAndSet(
            "v12-t1",
            edited("v12-t2", ConfigOperation.setThreshold("global", 0.9)),
            null,
            request("c2"));

    RouterConfigStore.Swap retried =
        storage.newStore().compareAndSet("v12", first, null, request("c1"));

    assertTrue(retried.applied());
    assertEquals(applied, retried.entry());
    assertEquals(2, storage.changes().size());
    assertEquals("v12-t2", store.current().configVersion());
  }

  @Test
  void givenCandidate_whenStored_thenReadableNotCurrentAndOnlyTheSameContentStoredAgain() {
    RouterConfig candidate = edited("v12-c1", ConfigOperation.setModel("m9"));

    store.store(candidate);
    storage.newStore().store(candidate);

    assertEquals(candidate, storage.newStore().get("v12-c1"));
    assertTrue(store.versions().contains("v12-c1"));
    assertEquals("v12", storage.newStore().current().configVersion());
    assertTrue(storage.changes().isEmpty());
    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class,
            () -> store.store(edited("v12-c1", ConfigOperation.setModel("m8"))));
    assertTrue(refused.getMessage().contains("v12-c1 already exists"), refused.getMessage());
    assertEquals(candidate, store.get("v12-c1"));

    RouterConfigStore.Swap swap =
        storage.newStore().compareAndSet("v12", store.get("v12-c1"), null, request("c1"));

    assertTrue(swap.applied());
    assertEquals(candidate, store.current());
  }

  /** The store checks config versions itself, whatever its caller checked. */
  @Test
  void givenCraftedVersions_whenReadOrStored_thenRefusedAtTheStore() {
    for (String version : List.of("../../x", "/etc/passwd", "..", "v12/../v13", "")) {
      assertThrows(IllegalArgumentException.class, () -> store.get(version), version);
      assertThrows(
          IllegalArgumentException.class,
          () -> store.store(edited(version, ConfigOperation.setModel("m9"))),
          version);
    }
    assertEquals(List.of("v12", "v13", "v14"), store.versions());
  }

  @Test
  void givenChangesThroughTwoInstances_whenListed_thenChangeLogInPointerOrder() {
    RouterConfigStore other = storage.newStore();
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

    assertEquals(made, storage.changes().stream().map(ChangeEntry::toVersion).toList());
    storage.assertChainEndsInForce();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void givenWriterStoppedAroundItsChangeLogEntry_whenAnotherChanges_thenChainStaysInOrder(
      boolean afterAppending) {
    RouterConfigStore stopped =
        storage.newStore(new StopsAtFirstAppend(storage.newChangeLog(), afterAppending));
    RouterConfig first = edited("v12-t1", ConfigOperation.disableTemplate("fee_schedule_v1"));
    assertThrows(
        IllegalStateException.class,
        () -> stopped.compareAndSet("v12", first, null, request("c1")));

    ChangeEntry second =
        applyOnCurrent(storage.newStore(), ConfigOperation.setThreshold("global", 0.9), "c2");
    RouterConfigStore.Swap retried =
        storage.newStore().compareAndSet("v12", first, null, request("c1"));

    boolean firstLanded = second.fromVersion().equals("v12-t1");
    assertEquals(firstLanded, retried.applied(), retried.toString());
    assertEquals(
        firstLanded ? List.of("c1", "c2") : List.of("c2"),
        storage.changes().stream().map(ChangeEntry::entryId).toList());
    assertEquals(second.toVersion(), storage.newStore().current().configVersion());
    storage.assertChainEndsInForce();
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

    RouterConfig current = storage.newStore().current();
    assertEquals("m5", current.modelVersion());
    assertEquals(Set.of("billing", "cards"), current.safeModeScopes().keySet());
    assertEquals(ChangeEntry.Kind.ROLLBACK, rollback.kind());
    assertEquals("v14", rollback.rolledBackTo());
    assertEquals(List.of("model_version: m3 -> m5"), rollback.diff());
    storage.assertChainEndsInForce();
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
