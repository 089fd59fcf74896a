package com.evalops.stores.storage;

import java.util.Arrays;
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

  /**
   * The key of a path relative to the prefix. S3 does not resolve {@code ..}, but tools that mirror
   * a bucket to disk, and some S3-compatible servers, do: a key that could step out of the prefix
   * that way, or that starts at the bucket's root, is refused.
   */
  public String key(String relative) {
    Objects.requireNonNull(relative, "relative");
    if (relative.startsWith("/")
        || relative.contains("//")
        || Arrays.stream(relative.split("/")).anyMatch(s -> s.equals("..") || s.equals("."))) {
      throw new IllegalArgumentException(
          "key '" + relative + "' would leave the prefix '" + prefix + "'");
    }
    return prefix + relative;
  }

  public String uri(String relative) {
    return "s3://" + bucket + "/" + key(relative);
  }
}
