package com.evalops.stores.storage;

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
 * The HMAC keys the engine signs with (Temporal payloads, the logs' heads): configured as {@code
 * id:base64-secret} lists, where the first signs and every one verifies (rotation), or, for a
 * single engine, one generated key kept in a file only its owner can read.
 */
public final class SecretKeys {
  private SecretKeys() {}

  /** One key: its id (named beside each signature) and its secret. */
  public record Key(String id, byte[] secret) {
    public Key {
      if (id == null || !id.matches("[A-Za-z0-9._-]{1,64}")) {
        throw new IllegalArgumentException(
            "a key id is 1 to 64 letters, digits, '.', '_' or '-', was \"" + id + "\"");
      }
      if (secret == null || secret.length < 32) {
        throw new IllegalArgumentException(
            "key " + id + " is too short: use at least 32 random bytes");
      }
    }

    @Override
    public String toString() {
      return "Key[" + id + "]";
    }
  }

  /**
   * Parses {@code id:base64-secret} entries of {@code property}.
   *
   * @throws IllegalArgumentException naming the property, the entry's position and what is wrong
   *     (never the secret), or an id listed twice
   */
  public static List<Key> parse(String property, List<String> entries) {
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
    requireDistinct(keys);
    return keys;
  }

  /** Refuses a list naming one key id twice: which secret verifies would be a guess. */
  public static void requireDistinct(List<Key> keys) {
    List<String> ids = keys.stream().map(Key::id).toList();
    if (ids.stream().distinct().count() != ids.size()) {
      throw new IllegalArgumentException("a key id is listed twice: " + ids);
    }
  }

  /** The key kept in {@code file}, if there is one; reading writes nothing. */
  public static Optional<Key> read(Path file) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Properties stored = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      stored.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the key " + file, e);
    }
    String id = stored.getProperty("id", "");
    String secret = stored.getProperty("secret", "");
    if (id.isBlank() || secret.isBlank()) {
      throw new IllegalStateException(
          "the key " + file + " has no id or no secret; restore it from a backup");
    }
    try {
      return Optional.of(new Key(id, Base64.getDecoder().decode(secret)));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("the key " + file + ": " + e.getMessage());
    }
  }

  /**
   * The key kept in {@code file}, generated there when missing. A new key is written to a temporary
   * file (readable by its owner only on POSIX file systems) and then linked into place: of two
   * processes creating it at once, one link succeeds and the other reads the winner's key.
   */
  public static Key readOrCreate(Path file, String comment) {
    Optional<Key> existing = read(file);
    if (existing.isPresent()) {
      return existing.get();
    }
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    Key key = new Key("local-" + HexFormat.of().formatHex(bytes, 0, 4), bytes);
    Properties stored = new Properties();
    stored.setProperty("id", key.id());
    stored.setProperty("secret", Base64.getEncoder().encodeToString(bytes));
    try {
      Path folder = file.toAbsolutePath().getParent();
      Files.createDirectories(folder);
      Path temp = Files.createTempFile(folder, ".tmp-", "-" + file.getFileName());
      try {
        try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
          stored.store(out, comment);
        }
        Files.createLink(file, temp);
        return key;
      } catch (FileAlreadyExistsException e) {
        return read(file).orElseThrow();
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the key " + file, e);
    }
  }
}
