package com.evalops.stores.storage;

import java.util.Objects;

/**
 * Where a store keeps its objects: a bucket and a key prefix ({@code eval_runs/}, {@code ledgers/};
 * empty for the bucket's root). Several stores can share a bucket under different prefixes.
 */
public record S3Location(String bucket, String prefix) {
  public S3Location {
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("S3 bucket is required");
    }
    Objects.requireNonNull(prefix, "prefix");
    if (prefix.startsWith("/") || !(prefix.isEmpty() || prefix.endsWith("/"))) {
      throw new IllegalArgumentException(
          "S3 prefix '" + prefix + "' must be empty or end with '/', without a leading '/'");
    }
  }

  /** The key of a path relative to the prefix. */
  public String key(String relative) {
    return prefix + relative;
  }

  public String uri(String relative) {
    return "s3://" + bucket + "/" + key(relative);
  }
}
