package com.evalops.worker.auth;

import com.evalops.worker.config.EvalopsProperties.TokenIdentity;
import com.evalops.workflows.approval.Role;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The identities allowed to call the engine, each known by the SHA-256 of its token: the
 * configuration never holds a token, and a leaked configuration file opens nothing.
 */
public final class TokenRegistry {
  private final List<Entry> entries;

  private record Entry(byte[] sha256, ApiIdentity identity) {}

  public TokenRegistry(List<TokenIdentity> identities) {
    List<Entry> list = new ArrayList<>();
    for (int i = 0; i < identities.size(); i++) {
      TokenIdentity t = identities.get(i);
      String where = "evalops.auth.tokens[" + i + "]";
      if (t.identity() == null || t.identity().isBlank()) {
        throw new IllegalArgumentException(where + ".identity is missing");
      }
      if (t.sha256() == null || !t.sha256().matches("[0-9a-fA-F]{64}")) {
        throw new IllegalArgumentException(
            where
                + ".sha256 must be 64 hex digits (the SHA-256 of the token), was \""
                + t.sha256()
                + "\"");
      }
      list.add(
          new Entry(
              HexFormat.of().parseHex(t.sha256().toLowerCase(Locale.ROOT)),
              new ApiIdentity(t.identity().trim(), roles(t.roles(), where))));
    }
    this.entries = List.copyOf(list);
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  public int size() {
    return entries.size();
  }

  /**
   * The identity of a presented token. Every stored hash is compared, in constant time, so the
   * answer's timing tells nothing about which entry came close.
   */
  public Optional<ApiIdentity> identify(String token) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    byte[] presented = sha256(token);
    ApiIdentity found = null;
    for (Entry e : entries) {
      if (MessageDigest.isEqual(e.sha256(), presented) && found == null) {
        found = e.identity();
      }
    }
    return Optional.ofNullable(found);
  }

  public static String sha256Hex(String token) {
    return HexFormat.of().formatHex(sha256(token));
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static Set<Role> roles(List<String> names, String where) {
    return Role.parseAll(names, where + ".roles");
  }
}
