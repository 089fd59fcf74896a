package com.evalops.worker.temporal;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/** The payload-signing keys, from configuration or, for a single engine, from its data folder. */
public final class PayloadKeys {
  /** The property that lists them, as named in errors. */
  static final String PROPERTY = "evalops.temporal.payload-keys";

  private PayloadKeys() {}

  /**
   * Parses {@code id:base64-secret} entries.
   *
   * @throws IllegalArgumentException naming the property, the entry's position and what is wrong;
   *     never the secret
   */
  public static List<PayloadSignatures.Key> parse(List<String> entries) {
    List<PayloadSignatures.Key> keys = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      String entry = entries.get(i).trim();
      int colon = entry.indexOf(':');
      String where = PROPERTY + "[" + i + "]";
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
        keys.add(new PayloadSignatures.Key(entry.substring(0, colon).trim(), secret));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage());
      }
    }
    return keys;
  }

  /**
   * The key kept in {@code file}, written there (readable by its owner only) when missing: enough
   * for one engine and its restarts, never for several engines, which must share configured keys.
   */
  public static PayloadSignatures.Key local(Path file) {
    try {
      Properties stored = new Properties();
      if (Files.exists(file)) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          stored.load(in);
        }
      }
      String id = stored.getProperty("id", "");
      String secret = stored.getProperty("secret", "");
      if (id.isBlank() || secret.isBlank()) {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        id = "local-" + HexFormat.of().formatHex(bytes, 0, 4);
        secret = Base64.getEncoder().encodeToString(bytes);
        stored.setProperty("id", id);
        stored.setProperty("secret", secret);
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (!Files.exists(file)
            && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
          Files.createFile(
              file,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
          stored.store(out, "signs what this engine writes to Temporal; keep it secret");
        }
      }
      return new PayloadSignatures.Key(id, Base64.getDecoder().decode(secret));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the payload key " + file, e);
    }
  }
}
