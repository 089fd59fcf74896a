package com.evalops.activities.config;

import com.evalops.activities.ledger.ChangeEntry;
import com.evalops.activities.ledger.Ledger;
import com.evalops.activities.ledger.LocalLedger;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class LocalRouterConfigStoreContractTest extends RouterConfigStoreContractTest {
  @TempDir Path temp;

  @Override
  void seed() {
    LocalRouterConfigStore.seed(temp.resolve("configs"), DEMO.resolve("configs"), "v12");
  }

  @Override
  Ledger<ChangeEntry> newChangeLog() {
    return LocalLedger.changeLog(temp.resolve("change-log.jsonl"));
  }

  @Override
  RouterConfigStore newStore(Ledger<ChangeEntry> changeLog) {
    return new LocalRouterConfigStore(temp.resolve("configs"), changeLog);
  }
}
