package com.evalops.harness.ids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfinedPathsTest {
  @TempDir Path temp;

  @Test
  void givenFileUnderARoot_whenNamedByPathOrFileUri_thenAccepted() throws Exception {
    Path data = Files.createDirectories(temp.resolve("data"));
    Path sample = Files.createDirectories(data.resolve("samples/s1")).resolve("tickets.jsonl");
    Files.writeString(sample, "{}\n");
    List<Path> roots = List.of(temp.resolve("datasets"), data);

    assertEquals(sample, ConfinedPaths.fileUnder(sample.toString(), roots));
    assertEquals(sample, ConfinedPaths.fileUnder(sample.toUri().toString(), roots));
    assertEquals(sample, ConfinedPaths.fileUnder(data + "/samples/x/../s1/tickets.jsonl", roots));
  }

  @Test
  void givenFileOutsideEveryRoot_whenNamed_thenRefusedNamingTheRootsNotTheFile() throws Exception {
    Path data = Files.createDirectories(temp.resolve("data"));
    Path secret = temp.resolve("secret.jsonl");
    Files.writeString(secret, "root:x:0:0\n");
    List<Path> roots = List.of(data);

    for (String ref :
        List.of(
            "file:///etc/passwd",
            "/etc/passwd",
            secret.toString(),
            secret.toUri().toString(),
            data + "/../secret.jsonl",
            "s3://bucket/eval_runs/x",
            "http://example.com/x",
            "")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> ConfinedPaths.fileUnder(ref, roots));
      assertFalse(e.getMessage().contains("root:x"), e.getMessage());
    }
  }

  @Test
  void givenLinkInsideARootToAFileOutside_whenNamed_thenRefused() throws Exception {
    Path data = Files.createDirectories(temp.resolve("data"));
    Path secret = Files.writeString(temp.resolve("secret.jsonl"), "{}\n");
    Path link = Files.createSymbolicLink(data.resolve("link.jsonl"), secret);

    assertThrows(
        IllegalArgumentException.class,
        () -> ConfinedPaths.fileUnder(link.toString(), List.of(data)));
    assertThrows(IllegalArgumentException.class, () -> ConfinedPaths.under(data, link));
  }

  @Test
  void givenPathThatDoesNotExistYet_whenUnderTheRoot_thenAccepted() {
    Path root = temp.resolve("runs");

    Path inside = ConfinedPaths.under(root, root.resolve("r1/metrics.json"));

    assertTrue(inside.startsWith(root));
    assertThrows(
        IllegalArgumentException.class,
        () -> ConfinedPaths.under(root, root.resolve("../elsewhere")));
  }
}
