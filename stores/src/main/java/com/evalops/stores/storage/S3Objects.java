package com.evalops.stores.storage;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The few object operations the S3 stores use, on one bucket. A missing key is an answer (empty,
 * false), not an error; any other failure becomes an {@link S3StorageException} naming the
 * operation, bucket and key.
 */
public final class S3Objects {
  private static final int PRECONDITION_FAILED = 412;
  private static final int CONFLICT = 409;

  private final S3Client client;
  private final String bucket;

  public S3Objects(S3Client client, String bucket) {
    this.client = client;
    this.bucket = bucket;
  }

  public String uri(String key) {
    return "s3://" + bucket + "/" + key;
  }

  public Optional<byte[]> read(String key) {
    return call(
        "GET",
        key,
        () -> {
          try {
            return Optional.of(
                client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
          } catch (NoSuchKeyException e) {
            return Optional.empty();
          }
        });
  }

  /** The object's bytes as a stream the caller closes. */
  public InputStream open(String key) {
    return call("GET", key, () -> client.getObject(b -> b.bucket(bucket).key(key)));
  }

  public boolean exists(String key) {
    return call(
        "HEAD",
        key,
        () -> {
          try {
            client.headObject(b -> b.bucket(bucket).key(key));
            return true;
          } catch (NoSuchKeyException e) {
            return false;
          }
        });
  }

  public void put(String key, byte[] bytes) {
    call(
        "PUT",
        key,
        () -> client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes)));
  }

  /**
   * Uploads a file whose SHA-256 the caller has computed. The hash travels with the request, so the
   * server refuses the upload if the bytes it receives are not the ones that were hashed (the file
   * changed meanwhile, or the transfer damaged it).
   */
  public void put(String key, Path file, String sha256Hex) {
    String checksum = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256Hex));
    call(
        "PUT",
        key,
        () ->
            client.putObject(
                b -> b.bucket(bucket).key(key).checksumSHA256(checksum),
                RequestBody.fromFile(file)));
  }

  /**
   * Creates the object only if the key is free ({@code If-None-Match: *}), atomically on the
   * server: of writers racing for one key exactly one gets true.
   */
  public boolean putIfAbsent(String key, byte[] bytes) {
    return call(
        "conditional PUT",
        key,
        () -> {
          try {
            client.putObject(
                b -> b.bucket(bucket).key(key).ifNoneMatch("*"), RequestBody.fromBytes(bytes));
            return true;
          } catch (S3Exception e) {
            // 409: another conditional write to the key was in flight; S3 asks for a re-read.
            if (e.statusCode() == PRECONDITION_FAILED || e.statusCode() == CONFLICT) {
              return false;
            }
            throw e;
          }
        });
  }

  public void delete(String key) {
    call("DELETE", key, () -> client.deleteObject(b -> b.bucket(bucket).key(key)));
  }

  /** Keys under the prefix in key order, from after {@code startAfter} (null: from the start). */
  public List<String> keys(String prefix, String startAfter) {
    return call(
        "LIST",
        prefix,
        () -> {
          ListObjectsV2Request request =
              ListObjectsV2Request.builder()
                  .bucket(bucket)
                  .prefix(prefix)
                  .startAfter(startAfter)
                  .build();
          return client.listObjectsV2Paginator(request).contents().stream()
              .map(S3Object::key)
              .toList();
        });
  }

  private <R> R call(String operation, String key, Supplier<R> action) {
    try {
      return action.get();
    } catch (SdkException e) {
      throw new S3StorageException(operation + " " + uri(key) + " failed: " + e.getMessage(), e);
    }
  }
}
