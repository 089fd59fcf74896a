package com.evalops.activities.config;

import com.evalops.activities.ledger.ChangeEntry;
import com.evalops.activities.ledger.Ledger;
import com.evalops.activities.ledger.LedgerEntry;
import com.evalops.activities.storage.AtomicFiles;
import com.evalops.activities.storage.FileLocks;
import com.evalops.activities.storage.SafeNames;
import com.evalops.activities.storage.StorageJson;
import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.RouterConfigFile;
import com.evalops.harness.report.ReportWriter;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Router configs in a folder: {@code versions/router-config-<version>.json} (the data-contract
 * file, so the folder can itself seed another store) and a {@code current} file naming the version
 * in force. Changes are serialized across threads and processes by a lock on {@code .lock}.
 *
 * <p>A change is recorded in the Change Log first, then its version file is written, then the
 * pointer moves. A retry with the same change id finds the Change Log entry and completes the
 * remaining steps, so an interrupted change is finished rather than refused as a duplicate.
 */
public final class LocalRouterConfigStore implements RouterConfigStore {
  private static final ObjectMapper JSON = StorageJson.indented();
  private static final Pattern VERSION_FILE = Pattern.compile("router-config-(.+)\\.json");
  private static final Pattern CHUNK = Pattern.compile("\\d+|\\D+");

  /** Numbers inside version names compare as numbers, so v9 comes before v10. */
  private static final Comparator<String> VERSION_ORDER =
      (a, b) -> {
        Matcher left = CHUNK.matcher(a);
        Matcher right = CHUNK.matcher(b);
        while (left.find() && right.find()) {
          String x = left.group();
          String y = right.group();
          int order =
              Character.isDigit(x.charAt(0)) && Character.isDigit(y.charAt(0))
                  ? new BigInteger(x).compareTo(new BigInteger(y))
                  : x.compareTo(y);
          if (order != 0) {
            return order;
          }
        }
        return a.compareTo(b);
      };

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
                    .filter(f -> VERSION_FILE.matcher(f.getFileName().toString()).matches())
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
          .map(f -> VERSION_FILE.matcher(f.getFileName().toString()))
          .filter(Matcher::matches)
          .map(m -> m.group(1))
          .sorted(VERSION_ORDER)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public ChangeEntry apply(RouterConfig newConfig, ChangeRequest request) {
    return change(newConfig, ChangeEntry.Kind.APPLY, null, request);
  }

  /**
   * Safe mode is kept as it is in force: it is an incident's switch, left only through its approved
   * exit, so rolling back routing content during an incident must not switch it off.
   */
  @Override
  public ChangeEntry rollback(String toVersion, String newVersion, ChangeRequest request) {
    RouterConfig old = get(toVersion);
    RouterConfig restored = old.withVersion(newVersion).withSafeMode(current().safeMode());
    return change(restored, ChangeEntry.Kind.ROLLBACK, toVersion, request);
  }

  @Override
  public List<ConfigChange> diff(String fromVersion, String toVersion) {
    return ConfigDiff.between(get(fromVersion), get(toVersion));
  }

  private ChangeEntry change(
      RouterConfig config, ChangeEntry.Kind kind, String rolledBackTo, ChangeRequest request) {
    String version = SafeNames.require("config version", config.configVersion());
    return FileLocks.withExclusiveLock(
        dir.resolve(".lock"),
        channel -> {
          Optional<LedgerEntry<ChangeEntry>> recorded = changeLog.find(request.changeId());
          if (recorded.isPresent()) {
            return finish(recorded.get().content(), config);
          }
          if (Files.exists(versionFile(dir, version))) {
            throw new IllegalStateException(
                "router-config version "
                    + version
                    + " already exists; a change always creates a new version");
          }
          String from = currentVersion();
          ChangeEntry entry =
              new ChangeEntry(
                  request.changeId(),
                  kind,
                  from,
                  version,
                  rolledBackTo,
                  ConfigDiff.between(get(from), config).stream()
                      .map(ConfigChange::describe)
                      .toList(),
                  request.requestedBy(),
                  request.approvedBy(),
                  request.reason(),
                  request.linkedRunId(),
                  request.linkedDecisionId());
          return finish(changeLog.append(entry).content(), config);
        });
  }

  /** The steps after the Change Log entry; each one is skipped when already done. */
  private ChangeEntry finish(ChangeEntry entry, RouterConfig config) throws IOException {
    if (!entry.toVersion().equals(config.configVersion())) {
      throw new IllegalStateException(
          "change id "
              + entry.entryId()
              + " already created version "
              + entry.toVersion()
              + ", not "
              + config.configVersion());
    }
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
      AtomicFiles.write(file, JSON.writeValueAsBytes(ReportWriter.configJson(config)));
    } else if (!RouterConfigFile.load(file).equals(config)) {
      throw new IllegalStateException(
          "router-config version "
              + config.configVersion()
              + " already exists with different content; versions are never rewritten");
    }
  }

  private static void writePointer(Path root, String version) {
    AtomicFiles.write(pointerFile(root), (version + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static Path pointerFile(Path root) {
    return root.resolve("current");
  }

  private static Path versionFile(Path root, String version) {
    return root.resolve("versions")
        .resolve("router-config-" + SafeNames.require("config version", version) + ".json");
  }
}
