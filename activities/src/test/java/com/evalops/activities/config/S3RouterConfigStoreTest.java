package com.evalops.activities.config;

import com.evalops.activities.ledger.ChangeEntry;
import com.evalops.activities.ledger.Ledger;
import com.evalops.activities.ledger.S3Ledger;
import com.evalops.activities.storage.S3Location;
import com.evalops.activities.storage.S3TestServer;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

@ExtendWith(S3TestServer.class)
class S3RouterConfigStoreTest extends RouterConfigStoreContractTest {
  private final S3Client client;
  private final S3Location configs;
  private final S3Location ledgers;

  S3RouterConfigStoreTest(S3TestServer.Bucket bucket) {
    this.client = bucket.client();
    this.configs = new S3Location(bucket.name(), S3RouterConfigStore.DEFAULT_PREFIX);
    this.ledgers = new S3Location(bucket.name(), S3Ledger.DEFAULT_PREFIX);
  }

  @Override
  void seed() {
    S3RouterConfigStore.seed(client, configs, DEMO.resolve("configs"), "v12");
  }

  @Override
  Ledger<ChangeEntry> newChangeLog() {
    return S3Ledger.changeLog(client, ledgers);
  }

  @Override
  RouterConfigStore newStore(Ledger<ChangeEntry> changeLog) {
    return new S3RouterConfigStore(client, configs, changeLog);
  }
}
