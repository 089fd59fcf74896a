package com.evalops.stores.storage;

import java.net.URI;

/**
 * How to reach S3 or an S3-compatible server, and where the artifact store keeps runs. {@code
 * region} null means the SDK's region chain (AWS_REGION, profile); {@code endpointOverride} and
 * {@code pathStyleAccess} are for S3-compatible servers, which seldom resolve bucket host names;
 * without {@code accessKeyId} the credentials come from the SDK's default provider chain
 * (environment, profile, container or instance role), so no secret has to be configured.
 */
public record S3Settings(
    String bucket,
    String prefix,
    String region,
    URI endpointOverride,
    boolean pathStyleAccess,
    String accessKeyId,
    String secretAccessKey) {
  /** The artifact store's prefix when none is given, matching {@code ArtifactStore.runPrefix}. */
  public static final String DEFAULT_PREFIX = "eval_runs/";

  public S3Settings {
    prefix = prefix == null ? DEFAULT_PREFIX : prefix;
    if ((accessKeyId == null) != (secretAccessKey == null)) {
      throw new IllegalArgumentException(
          "S3 access key id and secret access key are given together or not at all");
    }
  }

  /** Checks bucket and prefix, so call it when the store is built rather than on first use. */
  public S3Location location() {
    return new S3Location(bucket, prefix);
  }

  /** Keeps the secret out of logs and error messages. */
  @Override
  public String toString() {
    return "S3Settings[bucket="
        + bucket
        + ", prefix="
        + prefix
        + ", region="
        + region
        + ", endpointOverride="
        + endpointOverride
        + ", pathStyleAccess="
        + pathStyleAccess
        + ", accessKeyId="
        + accessKeyId
        + ", secretAccessKey="
        + (secretAccessKey == null ? null : "***")
        + "]";
  }
}
