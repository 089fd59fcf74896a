package com.evalops.stores.ledger;

import com.evalops.stores.storage.SecretKeys;
import com.evalops.stores.storage.SecretKeys.Key;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The keys that sign a ledger's head (see {@link SignedHead}): the first signs, every one verifies,
 * so a key rotates by listing the new one first and the old one after it until every ledger has
 * been appended to once. Configured keys are shared by every engine writing the same ledgers; a
 * single engine may instead keep one generated key in its data folder ({@link #local(Path)}).
 */
public final class HeadKeys {
  /** The file name of a generated key, in the folder of the logs it signs or the data folder. */
  public static final String LOCAL_FILE_NAME = "ledger-head-key";

  private final List<Key> configured;
  private final Path localFile;
  private Key local;

  private HeadKeys(List<Key> configured, Path localFile) {
    this.configured = configured;
    this.localFile = localFile;
  }

  /** Configured keys; the first signs. */
  public static HeadKeys of(List<Key> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("ledger head signing needs at least one key");
    }
    SecretKeys.requireDistinct(keys);
    return new HeadKeys(List.copyOf(keys), null);
  }

  /**
   * Parses {@code id:base64-secret} entries of {@code property}.
   *
   * @throws IllegalArgumentException naming the property, the entry's position and what is wrong;
   *     never the secret
   */
  public static HeadKeys parse(String property, List<String> entries) {
    return of(SecretKeys.parse(property, entries));
  }

  /**
   * The key kept in {@code file}, generated there (readable by its owner only) at the first signed
   * head, never by a check: verifying a read-only store writes nothing. Enough for one engine and
   * its restarts; engines sharing ledgers need configured keys.
   */
  public static HeadKeys local(Path file) {
    return new HeadKeys(List.of(), file.toAbsolutePath().normalize());
  }

  /** The key that signs new heads, generating the local one if there is none yet. */
  public Key signing() {
    return configured.isEmpty() ? localKey(true).orElseThrow() : configured.get(0);
  }

  /** The key with this id, if it is one of these keys. */
  Optional<Key> verifying(String id) {
    if (configured.isEmpty()) {
      return localKey(false).filter(key -> key.id().equals(id));
    }
    return configured.stream().filter(key -> key.id().equals(id)).findFirst();
  }

  /** Where a head's key can be configured, as verify names it. */
  String describe() {
    return configured.isEmpty()
        ? "the key in " + localFile
        : "the configured keys " + configured.stream().map(Key::id).toList();
  }

  private synchronized Optional<Key> localKey(boolean create) {
    if (local == null) {
      local = SecretKeys.read(localFile).orElse(null);
    }
    if (local == null && create) {
      local =
          SecretKeys.readOrCreate(
              localFile, "signs the heads of the Decision and Change Logs; keep it secret");
    }
    return Optional.ofNullable(local);
  }
}
