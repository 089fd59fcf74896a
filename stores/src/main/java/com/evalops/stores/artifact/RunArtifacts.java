package com.evalops.stores.artifact;

import java.net.URI;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a workflow keeps of a stored run: where it is and each file's SHA-256 (claim check, no
 * content).
 */
public record RunArtifacts(URI location, Map<String, String> sha256ByFile) {
  public RunArtifacts {
    sha256ByFile = Collections.unmodifiableSortedMap(new TreeMap<>(sha256ByFile));
  }
}
