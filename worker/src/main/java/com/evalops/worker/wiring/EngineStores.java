package com.evalops.worker.wiring;

import com.evalops.stores.artifact.ArtifactStore;
import com.evalops.stores.artifact.LocalArtifactStore;
import com.evalops.stores.artifact.S3ArtifactStore;
import com.evalops.stores.config.LocalRouterConfigStore;
import com.evalops.stores.config.RouterConfigStore;
import com.evalops.stores.config.S3RouterConfigStore;
import com.evalops.stores.ledger.ChangeEntry;
import com.evalops.stores.ledger.DecisionEntry;
import com.evalops.stores.ledger.HeadKeys;
import com.evalops.stores.ledger.Ledger;
import com.evalops.stores.ledger.LocalLedger;
import com.evalops.stores.ledger.S3Ledger;
import com.evalops.stores.storage.ObjectLock;
import com.evalops.stores.storage.S3Clients;
import com.evalops.stores.storage.S3Location;
import com.evalops.stores.storage.S3Settings;
import com.evalops.stores.storage.S3StorageException;
import com.evalops.worker.config.EvalopsProperties;
import com.evalops.worker.health.StoreWrites;
import com.evalops.worker.health.WatchedArtifactStore;
import com.evalops.worker.health.WatchedLedger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The engine's stores: artifacts, the Decision and Change Logs, and the versioned router configs;
 * writes to the first three report to {@link StoreWrites}, so health turns DOWN when they fail.
 * With {@code evalops.artifacts.store=s3}, artifacts, both logs and the router configs go to S3
 * (several workers may append to the logs and change the config in force at once: each entry and
 * each pointer move is a conditional write). The first log lines say where each one lives.
 */
@Configuration(proxyBeanMethods = false)
public class EngineStores {
  private static final Logger log = LoggerFactory.getLogger(EngineStores.class);
  private static final String HEAD_KEYS = "evalops.ledger.head-keys";

  /** The S3 client when artifacts and logs live in S3; none on the local store. */
  @Bean(destroyMethod = "close")
  @ConditionalOnProperty(name = "evalops.artifacts.store", havingValue = "s3")
  S3Client s3Client(EvalopsProperties props) {
    EvalopsProperties.S3 s3 = props.s3();
    if (s3.bucket().isEmpty()) {
      throw new IllegalArgumentException(
          "evalops.artifacts.store is s3 but evalops.s3.bucket (EVALOPS_S3_BUCKET) is not set");
    }
    return S3Clients.create(
        new S3Settings(
            s3.bucket(),
            location(props, "eval_runs/").prefix(),
            s3.region(),
            s3.endpoint().isEmpty() ? null : URI.create(s3.endpoint()),
            s3.pathStyle(),
            null,
            null));
  }

  /**
   * The keys that sign the logs' heads: configured for engines sharing the logs, or one generated
   * in the data folder (created with the first head, so a read-only store can still be verified).
   */
  @Bean
  HeadKeys ledgerHeadKeys(EvalopsProperties props) {
    if (!props.ledger().headKeys().isEmpty()) {
      HeadKeys keys = HeadKeys.parse(HEAD_KEYS, props.ledger().headKeys());
      log.info("Decision and Change Log heads: signed with key {}", keys.signing().id());
      return keys;
    }
    Path file = props.dataDir().resolve(HeadKeys.LOCAL_FILE_NAME).toAbsolutePath();
    if (s3Store(props)) {
      log.warn(
          "Decision and Change Log heads: signed with the key kept in {}; every engine that"
              + " appends to these logs in S3 must sign with the same key: set {}",
          file,
          HEAD_KEYS);
    } else {
      log.info("Decision and Change Log heads: signed with the key kept in {}", file);
    }
    return HeadKeys.local(file);
  }

  @Bean
  Ledger<DecisionEntry> decisionLog(
      EvalopsProperties props, HeadKeys keys, StoreWrites writes, ObjectProvider<S3Client> s3) {
    if (s3Store(props)) {
      S3Location where = location(props, S3Ledger.DEFAULT_PREFIX);
      ObjectLock lock = objectLock(props);
      log.info(
          "Decision Log: {}{}",
          where.uri("decision-log/"),
          lock.enabled()
              ? " (Object Lock " + lock.mode() + ", " + lock.days() + " days per entry)"
              : "");
      return new WatchedLedger<>(
          withObjectLock(props, () -> S3Ledger.decisionLog(s3.getObject(), where, keys, lock)),
          writes,
          StoreWrites.Store.DECISION_LOG,
          where.uri("decision-log/"));
    }
    Path file = props.dataDir().resolve("decision-log.jsonl").toAbsolutePath();
    log.info("Decision Log: {}", file);
    return new WatchedLedger<>(
        LocalLedger.decisionLog(file, keys),
        writes,
        StoreWrites.Store.DECISION_LOG,
        file.toString());
  }

  @Bean
  Ledger<ChangeEntry> changeLog(
      EvalopsProperties props, HeadKeys keys, StoreWrites writes, ObjectProvider<S3Client> s3) {
    if (s3Store(props)) {
      S3Location where = location(props, S3Ledger.DEFAULT_PREFIX);
      return new WatchedLedger<>(
          withObjectLock(
              props, () -> S3Ledger.changeLog(s3.getObject(), where, keys, objectLock(props))),
          writes,
          StoreWrites.Store.CHANGE_LOG,
          where.uri("change-log/"));
    }
    Path file = props.dataDir().resolve("change-log.jsonl").toAbsolutePath();
    return new WatchedLedger<>(
        LocalLedger.changeLog(file, keys), writes, StoreWrites.Store.CHANGE_LOG, file.toString());
  }

  private static ObjectLock objectLock(EvalopsProperties props) {
    return new ObjectLock(props.s3().objectLockMode(), props.s3().objectLockDays());
  }

  /** A log asked for Object Lock the bucket cannot give: the start-up fails naming the setting. */
  private static <L> L withObjectLock(EvalopsProperties props, Supplier<L> open) {
    try {
      return open.get();
    } catch (S3StorageException e) {
      throw new IllegalStateException(
          "evalops.s3.object-lock-days is "
              + props.s3().objectLockDays()
              + " (EVALOPS_S3_OBJECT_LOCK_DAYS): "
              + e.getMessage(),
          e);
    }
  }

  @Bean
  RouterConfigStore routerConfigStore(
      EvalopsProperties props, Ledger<ChangeEntry> changeLog, ObjectProvider<S3Client> s3) {
    Path seeds = props.datasetRoot().resolve("configs");
    RouterConfigStore store;
    String where;
    if (s3Store(props)) {
      S3Location location = location(props, S3RouterConfigStore.DEFAULT_PREFIX);
      if (Files.isDirectory(seeds)) {
        S3RouterConfigStore.seed(s3.getObject(), location, seeds, props.seedConfigVersion());
      }
      store = new S3RouterConfigStore(s3.getObject(), location, changeLog);
      where = location.uri("");
    } else {
      Path dir = props.dataDir().resolve("router-configs").toAbsolutePath();
      if (Files.isDirectory(seeds)) {
        LocalRouterConfigStore.seed(dir, seeds, props.seedConfigVersion());
      }
      store = new LocalRouterConfigStore(dir, changeLog);
      where = dir.toString();
    }
    log.info("Router configs: {} (current {})", where, store.current().configVersion());
    return store;
  }

  @Bean
  ArtifactStore artifactStore(
      EvalopsProperties props, StoreWrites writes, ObjectProvider<S3Client> s3) {
    if (s3Store(props)) {
      S3Location where = location(props, "eval_runs/");
      log.info(
          "Artifact store: S3, {}{}",
          where.uri(""),
          props.s3().endpoint().isEmpty() ? "" : " at " + props.s3().endpoint());
      return new WatchedArtifactStore(
          new S3ArtifactStore(s3.getObject(), where), writes, where.uri(""));
    }
    Path root = props.dataDir().resolve("artifacts").toAbsolutePath();
    log.info("Artifact store: local, {}", root);
    return new WatchedArtifactStore(new LocalArtifactStore(root), writes, root.toString());
  }

  private static boolean s3Store(EvalopsProperties props) {
    return props.artifacts().store().equals("s3");
  }

  /** {@code evalops.s3.prefix} (a folder, blank for the bucket's root) ahead of {@code part}. */
  static S3Location location(EvalopsProperties props, String part) {
    String prefix = props.s3().prefix();
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
    return new S3Location(props.s3().bucket(), prefix + part);
  }
}
