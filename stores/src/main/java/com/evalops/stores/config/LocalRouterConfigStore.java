package com.evalops.stores.config;

import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.RouterConfigFile;
import com.evalops.harness.ids.ConfinedPaths;
import com.evalops.harness.ids.SafeIds;
import com.evalops.stores.ledger.ChangeEntry;
import com.evalops.stores.ledger.Ledger;
import com.evalops.stores.ledger.LedgerEntry;
import com.evalops.stores.storage.AtomicFiles;
import com.evalops.stores.storage.FileLocks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.stream.Stream;

/**
 * Router configs in a folder: {@code versions/router-config-<version>.json} (the data-contract
 * file, so the folder can itself seed another store) and a {@code current} file naming the version
 * in force. Changes are serialized across threads, instances and processes by a lock on {@code
 * .lock}; the compare-and-set is the check of {@code current} under that lock.
 *
 * <p>A change writes its version file first, then its Change Log entry, then the pointer. A crash
 * after the version file leaves an unused version (storing it again is harmless); a crash after the
 * entry leaves the pointer one step behind the Change Log, and the next change (or a retry with the
 * same change id) moves it forward before anything else. So the Change Log is never behind the
 * pointer, and its entries follow each other in the order the pointer moved.
 */
public final class LocalRouterConfigStore implements RouterConfigStore {
  private final Path dir;
  private final Ledger<ChangeEntry> changeLog;

  public LocalRouterConfigStore(Path dir, Ledger<ChangeEntry> changeLog) {
    this.dir = dir.toAbsolutePath().normalize();
    this.changeLog = changeLog;
  }

  /**
   * Adds every {@code router-config-*.json} of {@code configsFolder} as a version and, when the
   * store has no current version yet, makes {@code currentVersion} current. Seeding again (each
   * start-up) adds new files but never moves the pointer, so it cannot undo an applied change.
   *
   * @throws IllegalStateException when a seed file differs from the stored version of that name
   */
  public static void seed(Path dir, Path configsFolder, String currentVersion) {
    Path root = dir.toAbsolutePath().normalize();
    FileLocks.withExclusiveLock(
        root.resolve(".lock"),
        channel -> {
          try (Stream<Path> files = Files.list(configsFolder)) {
            for (Path file :
                files
                    .filter(
                        f ->
                            StoredConfigs.VERSION_FILE
                                .matcher(f.getFileName().toString())
                                .matches())
                    .sorted()
                    .toList()) {
              store(root, RouterConfigFile.load(file));
            }
          }
          if (!Files.exists(pointerFile(root))) {
            if (!Files.exists(versionFile(root, currentVersion))) {
              throw new IllegalArgumentException(
                  "current version " + currentVersion + " is not among the seed configs");
            }
            writePointer(root, currentVersion);
          }
          return null;
        });
  }

  @Override
  public RouterConfig current() {
    return get(currentVersion());
  }

  @Override
  public RouterConfig get(String version) {
    Path file = versionFile(dir, version);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no router-config version " + version + " in " + dir);
    }
    return RouterConfigFile.load(file);
  }

  @Override
  public List<String> versions() {
    Path folder = dir.resolve("versions");
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .map(f -> StoredConfigs.VERSION_FILE.matcher(f.getFileName().toString()))
          .filter(Matcher::matches)
          .map(m -> m.group(1))
          .sorted(StoredConfigs.VERSION_ORDER)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void store(RouterConfig config) {
    FileLocks.withExclusiveLock(
        dir.resolve(".lock"),
        channel -> {
          store(dir, config);
          return null;
        });
  }

  @Override
  public Swap compareAndSet(
      String expectedVersion, RouterConfig next, String rolledBackTo, ChangeRequest request) {
    SafeIds.require("config version", next.configVersion());
    return FileLocks.withExclusiveLock(
        dir.resolve(".lock"),
        channel -> {
          Optional<LedgerEntry<ChangeEntry>> recorded = changeLog.find(request.changeId());
          if (recorded.isPresent()) {
            return Swap.applied(
                finish(StoredConfigs.sameChange(recorded.get().content(), next), next));
          }
          moveForward();
          String inForce = currentVersion();
          if (!inForce.equals(expectedVersion)) {
            return Swap.moved(inForce);
          }
          if (next.configVersion().equals(inForce)) {
            throw new IllegalArgumentException(
                "version " + inForce + " is already in force; a change makes a new version");
          }
          store(dir, next);
          ChangeEntry entry =
              changeLog
                  .append(StoredConfigs.entry(get(inForce), next, rolledBackTo, request))
                  .content();
          writePointer(dir, entry.toVersion());
          return Swap.applied(entry);
        });
  }

  @Override
  public Optional<ChangeEntry> findChange(String changeId) {
    return FileLocks.withExclusiveLock(
        dir.resolve(".lock"),
        channel -> {
          Optional<ChangeEntry> unfinished = moveForward();
          Optional<LedgerEntry<ChangeEntry>> recorded = changeLog.find(changeId);
          return recorded
              .map(LedgerEntry::content)
              .filter(e -> unfinished.isEmpty() || !unfinished.get().equals(e));
        });
  }

  /**
   * Moves the pointer to the last Change Log entry's version when a crash stopped that change
   * between its entry and the pointer.
   *
   * @return that entry when its version file is missing, so the pointer cannot follow it: the
   *     version is written before the entry, so only a retry of a change recorded before that order
   *     (it carries the content) finishes it
   */
  private Optional<ChangeEntry> moveForward() {
    List<LedgerEntry<ChangeEntry>> entries = changeLog.list();
    if (entries.isEmpty()) {
      return Optional.empty();
    }
    ChangeEntry last = entries.get(entries.size() - 1).content();
    if (!Objects.equals(currentVersion(), last.fromVersion())) {
      return Optional.empty();
    }
    if (!Files.isRegularFile(versionFile(dir, last.toVersion()))) {
      return Optional.of(last);
    }
    writePointer(dir, last.toVersion());
    return Optional.empty();
  }

  /** The steps after the Change Log entry; each one is skipped when already done. */
  private ChangeEntry finish(ChangeEntry entry, RouterConfig config) throws IOException {
    store(dir, config);
    if (Objects.equals(currentVersion(), entry.fromVersion())) {
      writePointer(dir, entry.toVersion());
    }
    return entry;
  }

  private String currentVersion() {
    Path pointer = pointerFile(dir);
    if (!Files.isRegularFile(pointer)) {
      throw new IllegalStateException("router-config store " + dir + " has not been seeded");
    }
    try {
      return Files.readString(pointer, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a version once; an existing file must already hold the same config. */
  private static void store(Path root, RouterConfig config) throws IOException {
    Path file = versionFile(root, config.configVersion());
    if (!Files.exists(file)) {
      AtomicFiles.write(file, StoredConfigs.bytes(config));
    } else if (!RouterConfigFile.load(file).equals(config)) {
      throw StoredConfigs.rewritten(config.configVersion());
    }
  }

  private static void writePointer(Path root, String version) {
    AtomicFiles.write(pointerFile(root), (version + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static Path pointerFile(Path root) {
    return root.resolve("current");
  }

  private static Path versionFile(Path root, String version) {
    Path versions = root.resolve("versions");
    return ConfinedPaths.under(versions, versions.resolve(StoredConfigs.fileName(version)));
  }
}
