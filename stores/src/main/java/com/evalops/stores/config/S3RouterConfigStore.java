package com.evalops.stores.config;

import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.RouterConfigFile;
import com.evalops.stores.ledger.ChangeEntry;
import com.evalops.stores.ledger.Ledger;
import com.evalops.stores.ledger.LedgerEntry;
import com.evalops.stores.storage.S3Location;
import com.evalops.stores.storage.S3Objects;
import com.evalops.stores.storage.StorageJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Router configs in S3, for workers that share them: {@code
 * <prefix>versions/router-config-<version>.json} (the data-contract file) and the pointer to the
 * version in force as an append-only sequence {@code <prefix>pointer/<seq, 12 digits>.json}, each
 * object naming the version it makes current and the Change Log entry of that change.
 *
 * <p>Every object is created with {@code If-None-Match: *}, so nothing is ever overwritten. The
 * compare-and-set is the creation of pointer {@code n + 1} by a writer that read pointer {@code n}
 * as the expected version: of writers racing for one seq the server lets exactly one create it, and
 * the others read what it wrote and report the version now in force. Before moving the pointer a
 * writer makes sure the change of the pointer it read is in the Change Log (appending it on the
 * behalf of a writer that stopped in between; the append is idempotent by entry id), then stores
 * its version, moves the pointer and appends its own entry. So the Change Log lists the changes in
 * pointer order, each from the version the one before it made current, without a lock service.
 */
public final class S3RouterConfigStore implements RouterConfigStore {
  /** Where router configs live when the configuration names no prefix, beside {@code ledgers/}. */
  public static final String DEFAULT_PREFIX = "router-configs/";

  private static final ObjectMapper JSON = StorageJson.compact();
  private static final Pattern POINTER_NAME = Pattern.compile("\\d{12}\\.json");
  // Each lost race means another writer moved the pointer, so a caller sees "moved" long before.
  private static final int MAX_ATTEMPTS = 1000;

  /** One move of the pointer; {@code change} is null for the seed. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Pointer(long seq, String version, ChangeEntry change) {}

  private final S3Objects objects;
  private final S3Location location;
  private final Ledger<ChangeEntry> changeLog;

  // The last pointer this instance has read; used only while holding this instance's monitor.
  private Pointer head;

  public S3RouterConfigStore(S3Client client, S3Location location, Ledger<ChangeEntry> changeLog) {
    this.objects = new S3Objects(client, location.bucket());
    this.location = location;
    this.changeLog = changeLog;
  }

  /**
   * Adds every {@code router-config-*.json} of {@code configsFolder} as a version and, when the
   * store has no pointer yet, makes {@code currentVersion} current. Seeding again (each start-up of
   * each worker) adds new files but never moves the pointer, so it cannot undo a change.
   *
   * @throws IllegalStateException when a seed file differs from the stored version of that name
   */
  public static void seed(
      S3Client client, S3Location location, Path configsFolder, String currentVersion) {
    S3RouterConfigStore store = new S3RouterConfigStore(client, location, null);
    try (Stream<Path> files = Files.list(configsFolder)) {
      for (Path file :
          files
              .filter(f -> StoredConfigs.VERSION_FILE.matcher(f.getFileName().toString()).matches())
              .sorted()
              .toList()) {
        store.store(RouterConfigFile.load(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!store.objects.exists(store.versionKey(currentVersion))) {
      throw new IllegalArgumentException(
          "current version " + currentVersion + " is not among the seed configs");
    }
    store.objects.putIfAbsent(store.pointerKey(1), write(new Pointer(1, currentVersion, null)));
  }

  @Override
  public RouterConfig current() {
    return get(currentVersion());
  }

  private synchronized String currentVersion() {
    catchUp();
    return head.version();
  }

  @Override
  public RouterConfig get(String version) {
    String key = versionKey(version);
    byte[] bytes =
        objects
            .read(key)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no router-config version " + version + " in " + location.uri("")));
    return RouterConfigFile.parse(Path.of(objects.uri(key)), bytes);
  }

  @Override
  public List<String> versions() {
    String folder = location.key("versions/");
    return objects.keys(folder, null).stream()
        .map(k -> StoredConfigs.VERSION_FILE.matcher(k.substring(folder.length())))
        .filter(Matcher::matches)
        .map(m -> m.group(1))
        .sorted(StoredConfigs.VERSION_ORDER)
        .toList();
  }

  @Override
  public void store(RouterConfig config) {
    String key = versionKey(config.configVersion());
    byte[] bytes = StoredConfigs.bytes(config);
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (objects.putIfAbsent(key, bytes)) {
        return;
      }
      // A 409 (another conditional write in flight) leaves nothing to read yet: try again.
      Optional<byte[]> stored = objects.read(key);
      if (stored.isPresent()) {
        if (!RouterConfigFile.parse(Path.of(objects.uri(key)), stored.get()).equals(config)) {
          throw StoredConfigs.rewritten(config.configVersion());
        }
        return;
      }
    }
    throw new IllegalStateException("could not store " + objects.uri(key));
  }

  @Override
  public synchronized Swap compareAndSet(
      String expectedVersion, RouterConfig next, String rolledBackTo, ChangeRequest request) {
    String nextKey = versionKey(next.configVersion());
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      catchUp();
      logHead();
      Optional<LedgerEntry<ChangeEntry>> recorded = changeLog.find(request.changeId());
      if (recorded.isPresent()) {
        return Swap.applied(StoredConfigs.sameChange(recorded.get().content(), next));
      }
      if (!head.version().equals(expectedVersion)) {
        return Swap.moved(head.version());
      }
      if (next.configVersion().equals(head.version())) {
        throw new IllegalArgumentException(
            "version " + head.version() + " is already in force; a change makes a new version");
      }
      store(next);
      ChangeEntry entry = StoredConfigs.entry(get(head.version()), next, rolledBackTo, request);
      Pointer moved = new Pointer(head.seq() + 1, next.configVersion(), entry);
      if (objects.putIfAbsent(pointerKey(moved.seq()), write(moved))) {
        head = moved;
        changeLog.append(entry);
        return Swap.applied(entry);
      }
    }
    throw new IllegalStateException(
        "router configs "
            + location.uri("")
            + ": every pointer seq tried in "
            + MAX_ATTEMPTS
            + " attempts was taken first; "
            + nextKey
            + " not made current");
  }

  @Override
  public synchronized Optional<ChangeEntry> findChange(String changeId) {
    catchUp();
    logHead();
    return changeLog.find(changeId).map(LedgerEntry::content);
  }

  /** The change of the pointer in force, in the Change Log (its writer may have stopped before). */
  private void logHead() {
    if (head.change() != null) {
      changeLog.append(head.change());
    }
  }

  /**
   * Reads the pointers other writers created since this instance last looked: an instance that has
   * read nothing yet lists them; after that, asking for the next seq until there is none costs one
   * request when nothing changed.
   */
  private void catchUp() {
    if (head == null) {
      String folder = location.key("pointer/");
      List<String> keys =
          objects.keys(folder, null).stream()
              .filter(k -> POINTER_NAME.matcher(k.substring(folder.length())).matches())
              .toList();
      if (keys.isEmpty()) {
        throw new IllegalStateException(
            "router-config store " + location.uri("") + " has not been seeded");
      }
      head = read(keys.get(keys.size() - 1)).orElseThrow();
    }
    for (Optional<Pointer> next = read(pointerKey(head.seq() + 1));
        next.isPresent();
        next = read(pointerKey(head.seq() + 1))) {
      head = next.get();
    }
  }

  private Optional<Pointer> read(String key) {
    return objects
        .read(key)
        .map(
            bytes -> {
              try {
                return JSON.readValue(bytes, Pointer.class);
              } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + objects.uri(key), e);
              }
            });
  }

  private static byte[] write(Pointer pointer) {
    try {
      return JSON.writeValueAsBytes(pointer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String versionKey(String version) {
    return location.key("versions/" + StoredConfigs.fileName(version));
  }

  private String pointerKey(long seq) {
    return location.key("pointer/" + String.format("%012d.json", seq));
  }
}
