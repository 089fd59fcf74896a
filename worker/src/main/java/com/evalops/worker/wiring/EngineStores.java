package com.evalops.worker.wiring;

import com.evalops.activities.artifact.ArtifactStore;
import com.evalops.activities.artifact.LocalArtifactStore;
import com.evalops.activities.config.LocalRouterConfigStore;
import com.evalops.activities.config.RouterConfigStore;
import com.evalops.activities.ledger.ChangeEntry;
import com.evalops.activities.ledger.DecisionEntry;
import com.evalops.activities.ledger.Ledger;
import com.evalops.activities.ledger.LocalLedger;
import com.evalops.worker.config.EvalopsProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The engine's stores: artifacts, the Decision and Change Logs, and the versioned router configs.
 * The first log lines say where each one lives.
 */
@Configuration(proxyBeanMethods = false)
public class EngineStores {
  private static final Logger log = LoggerFactory.getLogger(EngineStores.class);

  @Bean
  Ledger<DecisionEntry> decisionLog(EvalopsProperties props) {
    Path file = props.dataDir().resolve("decision-log.jsonl").toAbsolutePath();
    log.info("Decision Log: {}", file);
    return LocalLedger.decisionLog(file);
  }

  @Bean
  Ledger<ChangeEntry> changeLog(EvalopsProperties props) {
    return LocalLedger.changeLog(props.dataDir().resolve("change-log.jsonl").toAbsolutePath());
  }

  @Bean
  RouterConfigStore routerConfigStore(EvalopsProperties props, Ledger<ChangeEntry> changeLog) {
    Path dir = props.dataDir().resolve("router-configs").toAbsolutePath();
    Path seeds = props.datasetRoot().resolve("configs");
    if (Files.isDirectory(seeds)) {
      LocalRouterConfigStore.seed(dir, seeds, props.seedConfigVersion());
    }
    RouterConfigStore store = new LocalRouterConfigStore(dir, changeLog);
    log.info("Router configs: {} (current {})", dir, store.current().configVersion());
    return store;
  }

  @Bean
  ArtifactStore artifactStore(EvalopsProperties props) {
    Path root = props.dataDir().resolve("artifacts").toAbsolutePath();
    log.info("Artifact store: local, {}", root);
    return new LocalArtifactStore(root);
  }
}
