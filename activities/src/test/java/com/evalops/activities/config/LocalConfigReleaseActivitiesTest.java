package com.evalops.activities.config;

import com.evalops.stores.config.ConfigStoreFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class LocalConfigReleaseActivitiesTest extends ConfigReleaseActivitiesContractTest {
  @TempDir Path temp;

  @Override
  ConfigStoreFixture fixture() {
    return ConfigStoreFixture.local(temp);
  }
}
