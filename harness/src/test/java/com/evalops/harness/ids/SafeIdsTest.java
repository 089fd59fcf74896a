package com.evalops.harness.ids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeIdsTest {
  @TempDir Path root;

  @ParameterizedTest
  @ValueSource(
      strings = {"nightly-7", "v2", "2025-12-19", "2025-W51", "2025-12", "billing", "a", "v1.2_x"})
  void givenIdsTheEngineUses_whenChecked_thenSafe(String id) {
    assertTrue(SafeIds.isSafe(id));
    assertEquals(id, SafeIds.require("run id", id));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/tmp/x",
        "../../x",
        "..",
        "a..b",
        "a/b",
        "a\\\\b",
        ".hidden",
        "-flag",
        "",
        " ",
        "x ",
        "file:///etc/passwd",
        "x\u0000",
        "é"
      })
  void givenCraftedIds_whenChecked_thenRefusedNamingWhatAndTheRule(String id) {
    assertFalse(SafeIds.isSafe(id));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SafeIds.require("golden version", id));
    assertTrue(e.getMessage().startsWith("golden version "), e.getMessage());
    assertTrue(e.getMessage().contains(SafeIds.RULE), e.getMessage());
  }

  @Test
  void givenNullOrTooLongId_whenChecked_thenRefusedAndALongValueIsNotRepeatedWhole() {
    String long129 = "a".repeat(129);

    assertFalse(SafeIds.isSafe(null));
    assertTrue(SafeIds.isSafe("a".repeat(128)));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SafeIds.require("run id", long129));
    assertFalse(e.getMessage().contains(long129), e.getMessage());
  }

  @Test
  void givenSafeId_whenResolved_thenTheFolderDirectlyUnderTheRoot() {
    Path resolved = SafeIds.resolve(root, "run id", "nightly-7");

    assertEquals(root.toAbsolutePath().normalize().resolve("nightly-7"), resolved);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/tmp/x", "../x", "a/../../x"})
  void givenCraftedId_whenResolved_thenRefused(String id) {
    assertThrows(IllegalArgumentException.class, () -> SafeIds.resolve(root, "run id", id));
  }
}
