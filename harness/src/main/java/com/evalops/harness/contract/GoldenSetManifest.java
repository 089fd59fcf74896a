package com.evalops.harness.contract;

import java.time.Instant;
import java.util.List;

/**
 * {@code golden/<version>/manifest.json} (data contract §1).
 *
 * @param parentVersion null for the first version
 * @param changes what this version changed, for people
 */
public record GoldenSetManifest(
    String version,
    Instant createdAt,
    long count,
    String sha256,
    String taxonomyVersion,
    String parentVersion,
    List<String> changes) {

  public GoldenSetManifest {
    changes = changes == null ? List.of() : List.copyOf(changes);
  }
}
