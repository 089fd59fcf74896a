package com.evalops.stores.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.stores.ledger.ChangeEntry;
import com.evalops.stores.ledger.HeadKeys;
import com.evalops.stores.ledger.Ledger;
import com.evalops.stores.ledger.LedgerEntry;
import com.evalops.stores.ledger.LocalLedger;
import com.evalops.stores.ledger.S3Ledger;
import com.evalops.stores.ledger.Verification;
import com.evalops.stores.storage.ObjectLock;
import com.evalops.stores.storage.S3Location;
import com.evalops.stores.storage.S3TestServer;
import com.evalops.stores.storage.SecretKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A router-config store's storage for contract tests, in a local folder or an S3 bucket: it seeds
 * the demo configs with v12 in force and gives new store instances over the same storage (two
 * instances are two workers). The store contract and the release activities' contract (in the
 * activities module) both run over it.
 */
public interface ConfigStoreFixture {
  Path DEMO = Path.of(System.getProperty("evalops.repo.root", ".."), "datasets", "demo");

  /** The S3 Change Log's head key; a local one keeps its generated key beside the file. */
  HeadKeys HEAD_KEYS =
      HeadKeys.of(
          List.of(new SecretKeys.Key("test-key", "t".repeat(32).getBytes(StandardCharsets.UTF_8))));

  /** Seeds {@code DEMO/configs} with v12 current. */
  void seed();

  /** A new instance of the Change Log over this storage. */
  Ledger<ChangeEntry> newChangeLog();

  /** A new store instance over this storage, writing to {@code changeLog}. */
  RouterConfigStore newStore(Ledger<ChangeEntry> changeLog);

  default RouterConfigStore newStore() {
    return newStore(newChangeLog());
  }

  default List<ChangeEntry> changes() {
    return newChangeLog().list().stream().map(LedgerEntry::content).toList();
  }

  /**
   * The Change Log is one chain of config changes from v12 to the version in force, each entry
   * starting where the one before it ended, and its hash chain verifies.
   */
  default void assertChainEndsInForce() {
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

  /** Versions under {@code folder/configs}, the Change Log in {@code folder/change-log.jsonl}. */
  static ConfigStoreFixture local(Path folder) {
    return new ConfigStoreFixture() {
      @Override
      public void seed() {
        LocalRouterConfigStore.seed(folder.resolve("configs"), DEMO.resolve("configs"), "v12");
      }

      @Override
      public Ledger<ChangeEntry> newChangeLog() {
        return LocalLedger.changeLog(folder.resolve("change-log.jsonl"));
      }

      @Override
      public RouterConfigStore newStore(Ledger<ChangeEntry> changeLog) {
        return new LocalRouterConfigStore(folder.resolve("configs"), changeLog);
      }
    };
  }

  /** Versions and the Change Log under the stores' default prefixes in {@code bucket}. */
  static ConfigStoreFixture s3(S3TestServer.Bucket bucket) {
    S3Client client = bucket.client();
    S3Location configs = new S3Location(bucket.name(), S3RouterConfigStore.DEFAULT_PREFIX);
    S3Location ledgers = new S3Location(bucket.name(), S3Ledger.DEFAULT_PREFIX);
    return new ConfigStoreFixture() {
      @Override
      public void seed() {
        S3RouterConfigStore.seed(client, configs, DEMO.resolve("configs"), "v12");
      }

      @Override
      public Ledger<ChangeEntry> newChangeLog() {
        return S3Ledger.changeLog(client, ledgers, HEAD_KEYS, ObjectLock.NONE);
      }

      @Override
      public RouterConfigStore newStore(Ledger<ChangeEntry> changeLog) {
        return new S3RouterConfigStore(client, configs, changeLog);
      }
    };
  }
}
