package com.evalops.stores.ledger;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The keys that sign a ledger's head (see {@link SignedHead}): the first signs, every one verifies,
 * so a key rotates by listing the new one first and the old one after it until every ledger has
 * been appended to once. Configured keys are shared by every engine writing the same ledgers; a
 * single engine may instead keep one generated key in its data folder ({@link #local(Path)}).
 */
public final class HeadKeys {
  /** The file name of a generated key, in the folder of the logs it signs or the data folder. */
  public static final String LOCAL_FILE_NAME = "ledger-head-key";

  /** One key: its id (named in each head) and its secret. */
  public record Key(String id, byte[] secret) {
    public Key {
      if (id == null || !id.matches("[A-Za-z0-9._-]{1,64}")) {
        throw new IllegalArgumentException(
            "a ledger head key id is 1 to 64 letters, digits, '.', '_' or '-', was \"" + id + "\"");
      }
      if (secret == null || secret.length < 32) {
        throw new IllegalArgumentException(
            "ledger head key " + id + " is too short: use at least 32 random bytes");
      }
    }

    @Override
    public String toString() {
      return "Key[" + id + "]";
    }
  }

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
    List<String> ids = keys.stream().map(Key::id).toList();
    if (ids.stream().distinct().count() != ids.size()) {
      throw new IllegalArgumentException("a ledger head key id is listed twice: " + ids);
    }
    return new HeadKeys(List.copyOf(keys), null);
  }

  /**
   * Parses {@code id:base64-secret} entries of {@code property}.
   *
   * @throws IllegalArgumentException naming the property, the entry's position and what is wrong;
   *     never the secret
   */
  public static HeadKeys parse(String property, List<String> entries) {
    List<Key> keys = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      String entry = entries.get(i).trim();
      int colon = entry.indexOf(':');
      String where = property + "[" + i + "]";
      if (colon <= 0) {
        throw new IllegalArgumentException(where + " must be id:base64-secret");
      }
      byte[] secret;
      try {
        secret = Base64.getDecoder().decode(entry.substring(colon + 1).trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": the secret is not base64");
      }
      try {
        keys.add(new Key(entry.substring(0, colon).trim(), secret));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage());
      }
    }
    return of(keys);
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
      local = read(localFile).orElse(null);
    }
    if (local == null && create) {
      local = create(localFile);
    }
    return Optional.ofNullable(local);
  }

  private static Optional<Key> read(Path file) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Properties stored = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      stored.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the ledger head key " + file, e);
    }
    String id = stored.getProperty("id", "");
    String secret = stored.getProperty("secret", "");
    if (id.isBlank() || secret.isBlank()) {
      throw new IllegalStateException(
          "the ledger head key " + file + " has no id or no secret; restore it from a backup");
    }
    try {
      return Optional.of(new Key(id, Base64.getDecoder().decode(secret)));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("the ledger head key " + file + ": " + e.getMessage());
    }
  }

  /**
   * Writes a new key to a temporary file, then links it into place: of two processes creating it at
   * once, one link succeeds and the other reads the winner's key, so every head is signed with the
   * same one.
   */
  private static Key create(Path file) {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    Key key = new Key("local-" + HexFormat.of().formatHex(bytes, 0, 4), bytes);
    Properties stored = new Properties();
    stored.setProperty("id", key.id());
    stored.setProperty("secret", Base64.getEncoder().encodeToString(bytes));
    try {
      Files.createDirectories(file.getParent());
      // On POSIX file systems a temporary file is readable by its owner only.
      Path temp = Files.createTempFile(file.getParent(), ".tmp-", "-" + file.getFileName());
      try {
        try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
          stored.store(out, "signs the heads of the Decision and Change Logs; keep it secret");
        }
        Files.createLink(file, temp);
        return key;
      } catch (FileAlreadyExistsException e) {
        return read(file).orElseThrow();
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the ledger head key " + file, e);
    }
  }
}
