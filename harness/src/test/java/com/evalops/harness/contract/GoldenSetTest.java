package com.evalops.harness.contract;

import static com.evalops.harness.contract.Fixtures.assertViolation;
import static com.evalops.harness.contract.Fixtures.write;
import static com.evalops.harness.contract.Fixtures.writeLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.harness.contract.Fixtures.JsonLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data contract §1: a versioned golden set names exactly the data it holds. */
class GoldenSetTest {
  @TempDir Path root;
  private Path dir;
  private Path tickets;
  private String sha256;

  @BeforeEach
  void writeTickets() throws IOException, NoSuchAlgorithmException {
    dir = root.resolve("golden").resolve("v3");
    tickets =
        writeLines(
            dir, "tickets.jsonl", JsonLine.ticket("t1").json(), JsonLine.ticket("t2").json());
    sha256 =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(tickets)));
  }

  /** A manifest with {@code version} on line 2, {@code sha256} on line 5. */
  private Path manifest(String version, long count, String sha, String taxonomyVersion) {
    return write(
        dir,
        "manifest.json",
        """
        {
          "version": "%s",
          "created_at": "2025-12-01T00:00:00Z",
          "count": %d,
          "sha256": "%s",
          "taxonomy_version": "%s",
          "parent_version": "v2",
          "changes": ["relabeled t2 as card_delivery_eta"]
        }
        """
            .formatted(version, count, sha, taxonomyVersion));
  }

  private static JsonlReader.FileDigest read(GoldenSet set) {
    return TicketFile.stream(set.ticketsFile(), null, (ticket, line) -> {});
  }

  @Test
  void givenMatchingManifest_whenOpenedAndVerified_thenManifestIsReadAndVerifyPasses() {
    manifest("v3", 2, sha256, "2025-12-01");

    GoldenSet set = GoldenSet.open(dir);
    JsonlReader.FileDigest digest = read(set);
    set.verify(digest);
    set.requireTaxonomy(Fixtures.taxonomy(root));

    assertEquals(
        new GoldenSetManifest(
            "v3",
            Instant.parse("2025-12-01T00:00:00Z"),
            2,
            sha256,
            "2025-12-01",
            "v2",
            List.of("relabeled t2 as card_delivery_eta")),
        set.manifest());
    assertEquals(new JsonlReader.FileDigest(sha256, 2), digest);
    assertEquals(tickets, set.ticketsFile());
  }

  @Test
  void givenChecksumOfOtherContent_whenVerified_thenViolationNamesTicketsFileAndBothSums() {
    String other = "0".repeat(64);
    manifest("v3", 2, other, "2025-12-01");
    GoldenSet set = GoldenSet.open(dir);
    JsonlReader.FileDigest digest = read(set);

    ContractViolation e = assertViolation(() -> set.verify(digest), tickets, 0, null, null);

    assertTrue(e.problem().startsWith("checksum mismatch"), e.getMessage());
    assertTrue(e.problem().contains(sha256) && e.problem().contains(other), e.getMessage());
  }

  @Test
  void givenTicketsEditedAfterManifest_whenVerified_thenChecksumMismatch() {
    manifest("v3", 2, sha256, "2025-12-01");
    writeLines(
        dir,
        "tickets.jsonl",
        JsonLine.ticket("t1").json(),
        JsonLine.ticket("t2").with("tier", "1").json());
    GoldenSet set = GoldenSet.open(dir);
    JsonlReader.FileDigest digest = read(set);

    ContractViolation e = assertViolation(() -> set.verify(digest), tickets, 0, null, null);

    assertTrue(e.problem().startsWith("checksum mismatch"), e.getMessage());
  }

  @Test
  void givenCountOtherThanRows_whenVerified_thenViolationNamesBothCounts() {
    manifest("v3", 3, sha256, "2025-12-01");
    GoldenSet set = GoldenSet.open(dir);
    JsonlReader.FileDigest digest = read(set);

    ContractViolation e = assertViolation(() -> set.verify(digest), tickets, 0, null, null);

    assertEquals("holds 2 tickets but the manifest says 3", e.problem());
  }

  @Test
  void givenManifestVersionOtherThanFolder_whenOpened_thenViolationNamesVersionAndFolder() {
    Path file = manifest("v4", 2, sha256, "2025-12-01");

    ContractViolation e = assertViolation(() -> GoldenSet.open(dir), file, 2, "version", "\"v4\"");

    assertTrue(e.problem().contains("\"v3\""), e.getMessage());
  }

  @Test
  void givenOtherTaxonomyVersion_whenRequired_thenViolationNamesBothVersions() {
    Path file = manifest("v3", 2, sha256, "2025-10-01");
    GoldenSet set = GoldenSet.open(dir);
    Taxonomy taxonomy = Fixtures.taxonomy(root);

    ContractViolation e = assertViolation(() -> set.requireTaxonomy(taxonomy), file, 0, null, null);

    assertTrue(
        e.problem().contains("2025-10-01") && e.problem().contains("2025-12-01"), e.getMessage());
  }

  @Test
  void givenChecksumNotHex_whenOpened_thenViolationNamesSha256() {
    Path file = manifest("v3", 2, sha256.toUpperCase(), "2025-12-01");

    assertViolation(
        () -> GoldenSet.open(dir), file, 5, "sha256", "\"" + sha256.toUpperCase() + "\"");
  }

  @Test
  void givenNegativeCount_whenOpened_thenViolationNamesCount() {
    Path file = manifest("v3", -2, sha256, "2025-12-01");

    assertViolation(() -> GoldenSet.open(dir), file, 4, "count", "-2");
  }

  @Test
  void givenNoManifest_whenOpened_thenViolationNamesManifestFile() {
    ContractViolation e =
        assertViolation(() -> GoldenSet.open(dir), dir.resolve("manifest.json"), 0, null, null);

    assertEquals("file not found", e.problem());
  }
}
