package com.evalops.stores.config;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class LocalRouterConfigStoreContractTest extends RouterConfigStoreContractTest {
  @TempDir Path temp;

  @Override
  ConfigStoreFixture fixture() {
    return ConfigStoreFixture.local(temp);
  }
}
