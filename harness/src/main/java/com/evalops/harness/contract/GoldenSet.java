package com.evalops.harness.contract;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * A versioned golden set: {@code golden/<version>/tickets.jsonl} beside its {@code manifest.json}
 * (data contract §1). The manifest's count and SHA-256 are checked whenever the tickets are read,
 * because a run must name exactly the data it scored.
 */
public record GoldenSet(Path dir, GoldenSetManifest manifest) {

  public Path ticketsFile() {
    return dir.resolve("tickets.jsonl");
  }

  public static GoldenSet open(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw ContractViolation.ofFile(
          dir,
          "no golden-set version here (expected a folder with tickets.jsonl and manifest.json)");
    }
    Path manifestFile = dir.resolve("manifest.json");
    Map<String, JsonDocument.Node> fields =
        JsonDocument.read(manifestFile)
            .objectWithKeys(
                Set.of(
                    "version",
                    "created_at",
                    "count",
                    "sha256",
                    "taxonomy_version",
                    "parent_version",
                    "changes"),
                Set.of());
    JsonDocument.Node sha = fields.get("sha256");
    if (!sha.string().matches("[0-9a-f]{64}")) {
      throw sha.violation("must be 64 lower-case hex digits (SHA-256 of tickets.jsonl)");
    }
    GoldenSetManifest manifest =
        new GoldenSetManifest(
            fields.get("version").string(),
            fields.get("created_at").instant(),
            fields.get("count").nonNegativeInteger(),
            sha.string(),
            fields.get("taxonomy_version").string(),
            fields.get("parent_version").nullableString(),
            fields.get("changes").stringList());
    String folder = dir.toAbsolutePath().normalize().getFileName().toString();
    if (!folder.equals(manifest.version())) {
      throw fields.get("version").violation("differs from its folder name \"" + folder + "\"");
    }
    return new GoldenSet(dir, manifest);
  }

  /**
   * Checks what was read against the manifest.
   *
   * @throws ContractViolation when the count or checksum differ
   */
  public void verify(JsonlReader.FileDigest read) {
    if (read.rows() != manifest.count()) {
      throw ContractViolation.ofFile(
          ticketsFile(),
          "holds " + read.rows() + " tickets but the manifest says " + manifest.count());
    }
    if (!read.sha256().equals(manifest.sha256())) {
      throw ContractViolation.ofFile(
          ticketsFile(),
          "checksum mismatch: SHA-256 is "
              + read.sha256()
              + " but the manifest says "
              + manifest.sha256()
              + " (the file changed after its version was cut)");
    }
  }

  /** Refuses a golden set labeled against another taxonomy than the one in force. */
  public void requireTaxonomy(Taxonomy taxonomy) {
    if (!manifest.taxonomyVersion().equals(taxonomy.taxonomyVersion())) {
      throw ContractViolation.ofFile(
          dir.resolve("manifest.json"),
          "golden set "
              + manifest.version()
              + " was labeled against taxonomy "
              + manifest.taxonomyVersion()
              + " but the taxonomy given is "
              + taxonomy.taxonomyVersion());
    }
  }
}
