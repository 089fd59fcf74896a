package com.evalops.stores.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.stores.storage.ObjectLock;
import com.evalops.stores.storage.S3Location;
import com.evalops.stores.storage.S3Objects;
import com.evalops.stores.storage.S3StorageException;
import com.evalops.stores.storage.S3TestServer;
import com.evalops.stores.storage.Sha256;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

@ExtendWith(S3TestServer.class)
class S3LedgerTest extends LedgerContractTest {
  private final S3Client client;
  private final S3Location location;
  private final S3Objects objects;

  S3LedgerTest(S3TestServer.Bucket bucket) {
    this.client = bucket.client();
    this.location = new S3Location(bucket.name(), S3Ledger.DEFAULT_PREFIX);
    this.objects = new S3Objects(bucket.client(), bucket.name());
  }

  @Override
  S3Ledger<DecisionEntry> ledger(HeadKeys keys) {
    return new S3Ledger<>(
        client,
        location,
        "decision-log",
        DecisionEntry.class,
        Clock.fixed(NOW, ZoneOffset.UTC),
        keys,
        ObjectLock.NONE);
  }

  private static final String HEAD = "ledgers/decision-log/head.json";

  @Override
  void storeEntry(long seq, String text) {
    rewriteEntry(seq, text);
  }

  @Override
  String storedHead() {
    return objects.read(HEAD).map(b -> new String(b, StandardCharsets.UTF_8)).orElse(null);
  }

  @Override
  void storeHead(String text) {
    objects.put(HEAD, text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  void deleteHead() {
    objects.delete(HEAD);
  }

  private static String key(long seq) {
    return "ledgers/decision-log/" + String.format("%012d", seq) + ".json";
  }

  @Override
  String storedEntry(long seq) {
    return new String(objects.read(key(seq)).orElseThrow(), StandardCharsets.UTF_8);
  }

  @Override
  void rewriteEntry(long seq, String text) {
    objects.put(key(seq), text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  void deleteEntry(long seq) {
    objects.delete(key(seq));
  }

  @Test
  void givenAppends_whenStored_thenOneObjectPerEntryUnderTheLedgerPrefix() {
    ledgerWith(2);
    objects.put("ledgers/decision-log/README.txt", "not an entry".getBytes(StandardCharsets.UTF_8));

    assertEquals(
        List.of(key(1), key(2), "ledgers/decision-log/README.txt", HEAD),
        objects.keys("ledgers/", null));
    assertEquals(
        Sha256.of(objects.read(key(1)).orElseThrow()), ledger().list().get(1).prevSha256());
    assertTrue(ledger().verify().intact());
  }

  @Test
  void givenDeletedEntry_whenAppending_thenRefusedInsteadOfFillingTheGap() {
    ledgerWith(4);
    deleteEntry(3);

    IllegalStateException error =
        assertThrows(IllegalStateException.class, () -> ledger().append(decision("d5", "PASS")));

    assertTrue(error.getMessage().contains("broken at seq 3"), error.getMessage());
    assertTrue(error.getMessage().contains("s3://" + location.bucket() + "/"), error.getMessage());
  }

  @Test
  void givenDecisionAndChangeLogs_whenAppended_thenKeptApartInOneBucket() {
    S3Ledger<DecisionEntry> decisions =
        S3Ledger.decisionLog(client, location, keys(), ObjectLock.NONE);
    S3Ledger<ChangeEntry> changes = S3Ledger.changeLog(client, location, keys(), ObjectLock.NONE);

    decisions.append(decision("d1", "PASS"));
    changes.append(
        new ChangeEntry(
            "c1",
            ChangeEntry.Kind.APPLY,
            "v14",
            "v15",
            null,
            List.of("threshold 0.80 -> 0.82"),
            "dana",
            List.of("lee"),
            "weekly regression passed",
            "run-d1",
            "d1"));

    assertEquals(1, changes.list().get(0).seq());
    assertEquals("v15", changes.find("c1").orElseThrow().content().toVersion());
    assertEquals(
        List.of(
            "ledgers/change-log/000000000001.json", "ledgers/change-log/head.json", key(1), HEAD),
        objects.keys("ledgers/", null));
    assertTrue(decisions.verify().intact());
    assertTrue(changes.verify().intact());
  }

  @Test
  void givenObjectLockAskedFor_whenTheServerHasNone_thenRefusedNamingTheBucketAndTheAnswer() {
    S3StorageException refused =
        assertThrows(
            S3StorageException.class,
            () -> S3Ledger.decisionLog(client, location, keys(), new ObjectLock("COMPLIANCE", 30)));

    assertTrue(
        refused.getMessage().contains("Object Lock retention of 30 days (COMPLIANCE)"),
        refused.getMessage());
    assertTrue(refused.getMessage().contains("bucket " + location.bucket()), refused.getMessage());
    assertTrue(
        refused.getMessage().contains("501 NotImplemented: this S3-compatible server does not"),
        refused.getMessage());
    assertTrue(objects.keys("ledgers/", null).isEmpty());
  }
}
