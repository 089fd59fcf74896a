package com.evalops.activities.config;

import com.evalops.stores.config.ConfigStoreFixture;
import com.evalops.stores.storage.S3TestServer;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(S3TestServer.class)
class S3ConfigReleaseActivitiesTest extends ConfigReleaseActivitiesContractTest {
  private final S3TestServer.Bucket bucket;

  S3ConfigReleaseActivitiesTest(S3TestServer.Bucket bucket) {
    this.bucket = bucket;
  }

  @Override
  ConfigStoreFixture fixture() {
    return ConfigStoreFixture.s3(bucket);
  }
}
