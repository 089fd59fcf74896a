package com.evalops.worker.auth;

import com.evalops.worker.config.EvalopsProperties.TokenIdentity;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Tokens for the demo identities on a laptop engine (embedded Temporal, no identities configured):
 * written once to a file only its owner can read, so {@code ./evalops --as lead-1 approve …} works
 * with no set-up. A production engine never creates them.
 */
public final class DevTokens {
  /** Identity → roles of the people in the demo scenario. */
  public static final Map<String, List<String>> IDENTITIES = identities();

  private DevTokens() {}

  private static Map<String, List<String>> identities() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("oncall-ana", List.of("oncall"));
    m.put("oncall-ben", List.of("oncall"));
    m.put("labeler-li", List.of("labeler"));
    m.put("labeler-mo", List.of("labeler"));
    m.put("lead-1", List.of("leadership"));
    m.put("lead-2", List.of("leadership"));
    m.put("auditor-au", List.of("auditor"));
    return m;
  }

  /** Reads the file's tokens, adding fresh ones for identities it lacks; returns their hashes. */
  public static List<TokenIdentity> ensure(Path file) {
    try {
      Properties tokens = new Properties();
      if (Files.exists(file)) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          tokens.load(in);
        }
      }
      boolean changed = false;
      SecureRandom random = new SecureRandom();
      for (String identity : IDENTITIES.keySet()) {
        if (tokens.getProperty(identity, "").isBlank()) {
          byte[] bytes = new byte[24];
          random.nextBytes(bytes);
          tokens.setProperty(
              identity, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
          changed = true;
        }
      }
      if (changed) {
        write(file, tokens);
      }
      List<TokenIdentity> hashed = new ArrayList<>();
      IDENTITIES.forEach(
          (identity, roles) ->
              hashed.add(
                  new TokenIdentity(
                      identity, roles, TokenRegistry.sha256Hex(tokens.getProperty(identity)))));
      return hashed;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the dev tokens file " + file, e);
    }
  }

  private static void write(Path file, Properties tokens) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    // A temporary file is created readable by its owner only (0600 on POSIX file systems).
    Path temp = Files.createTempFile(dir, ".dev-tokens", ".tmp");
    try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
      tokens.store(out, "Demo identities of this laptop engine; never use them in production");
    }
    Files.move(
        temp,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
