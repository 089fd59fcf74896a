package com.evalops.stores.config;

import com.evalops.stores.storage.S3TestServer;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(S3TestServer.class)
class S3RouterConfigStoreTest extends RouterConfigStoreContractTest {
  private final S3TestServer.Bucket bucket;

  S3RouterConfigStoreTest(S3TestServer.Bucket bucket) {
    this.bucket = bucket;
  }

  @Override
  ConfigStoreFixture fixture() {
    return ConfigStoreFixture.s3(bucket);
  }
}
