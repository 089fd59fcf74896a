package com.evalops.harness.release;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A change to the router config in force: the version it was proposed against and its typed
 * operations, applied in order (config-releases §1). Free text never belongs here: a comment is the
 * proposer's, kept beside the change, and nothing is parsed out of it.
 *
 * <p>Approvals bind to {@link #digest()}, the SHA-256 of the canonical operations: the base version
 * is left out so that a change rebased onto a newer config without conflict keeps its approval
 * (§1), and anything else that differs is another change.
 */
public record ConfigChange(String baseVersion, List<ConfigOperation> operations) {
  public ConfigChange {
    operations = operations == null ? List.of() : List.copyOf(operations);
  }

  /** The same operations proposed against another version (a rebase). */
  public ConfigChange rebasedOnto(String version) {
    return new ConfigChange(version, operations);
  }

  /**
   * One line of JSON with keys in a fixed order and numbers in plain notation, so the same
   * operations give the same bytes in every process and language.
   */
  public String canonicalOperations() {
    return operations.stream()
        .map(ConfigChange::canonical)
        .collect(Collectors.joining(",", "[", "]"));
  }

  /** Hex SHA-256 of {@link #canonicalOperations()}. */
  public String digest() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(sha.digest(canonicalOperations().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The operations as people read them, e.g. {@code disable_template(fee_schedule_v1)}. */
  public String describe() {
    return operations.stream().map(ConfigOperation::describe).collect(Collectors.joining("; "));
  }

  public boolean hasOp(String op) {
    return operations.stream().anyMatch(o -> op.equals(o.op()));
  }

  private static String canonical(ConfigOperation o) {
    StringBuilder out = new StringBuilder("{\"op\":").append(quoted(o.op()));
    out.append(",\"target\":").append(quoted(o.target()));
    if (o.value() != null) {
      out.append(",\"value\":").append(ConfigDiff.number(o.value()));
    }
    if (o.holder() != null) {
      out.append(",\"holder\":").append(quoted(o.holder()));
    }
    return out.append('}').toString();
  }

  private static String quoted(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
