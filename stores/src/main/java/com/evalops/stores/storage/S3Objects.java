package com.evalops.stores.storage;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectLockConfigurationResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
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
  private static final int NOT_IMPLEMENTED = 501;

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
    return conditionalPut(key, bytes, b -> b.ifNoneMatch("*"));
  }

  /**
   * {@link #putIfAbsent(String, byte[])} with Object Lock retention until {@code lock.days()} after
   * {@code now}, when {@code lock} is enabled.
   */
  public boolean putIfAbsent(String key, byte[] bytes, ObjectLock lock, Instant now) {
    return conditionalPut(
        key,
        bytes,
        b -> {
          b.ifNoneMatch("*");
          if (lock.enabled()) {
            b.objectLockMode(ObjectLockMode.fromValue(lock.mode()))
                .objectLockRetainUntilDate(now.plus(Duration.ofDays(lock.days())));
          }
        });
  }

  /** An object's bytes and the ETag a conditional write names to replace exactly this version. */
  public record Tagged(byte[] bytes, String eTag) {}

  public Optional<Tagged> readTagged(String key) {
    return call(
        "GET",
        key,
        () -> {
          try {
            ResponseBytes<GetObjectResponse> object =
                client.getObjectAsBytes(b -> b.bucket(bucket).key(key));
            return Optional.of(new Tagged(object.asByteArray(), object.response().eTag()));
          } catch (NoSuchKeyException e) {
            return Optional.empty();
          }
        });
  }

  /**
   * Replaces the object only if it is still the version read ({@code If-Match: <eTag>}), or creates
   * it only if absent when {@code eTag} is null: a compare-and-set on the server. False when
   * another writer changed it first.
   */
  public boolean replaceIfUnchanged(String key, byte[] bytes, String eTag) {
    return conditionalPut(key, bytes, b -> b.ifMatch(eTag).ifNoneMatch(eTag == null ? "*" : null));
  }

  private boolean conditionalPut(
      String key, byte[] bytes, Consumer<PutObjectRequest.Builder> conditions) {
    return call(
        "conditional PUT",
        key,
        () -> {
          try {
            client.putObject(
                b -> conditions.accept(b.bucket(bucket).key(key)), RequestBody.fromBytes(bytes));
            return true;
          } catch (NoSuchKeyException e) {
            // If-Match on an object deleted meanwhile.
            return false;
          } catch (S3Exception e) {
            // 409: another conditional write to the key was in flight; S3 asks for a re-read.
            if (e.statusCode() == PRECONDITION_FAILED || e.statusCode() == CONFLICT) {
              return false;
            }
            throw e;
          }
        });
  }

  /**
   * Fails unless the bucket has Object Lock enabled, so that retention asked for is never silently
   * missing. The message names the bucket and the server's answer: an S3-compatible server without
   * Object Lock answers 501 Not Implemented.
   */
  public void requireObjectLock(ObjectLock lock) {
    String asked =
        "Object Lock retention of " + lock.days() + " days (" + lock.mode() + ") was asked for";
    GetObjectLockConfigurationResponse answer;
    try {
      answer = client.getObjectLockConfiguration(b -> b.bucket(bucket));
    } catch (S3Exception e) {
      throw new S3StorageException(
          asked
              + ", but bucket "
              + bucket
              + " refused Object Lock ("
              + e.statusCode()
              + " "
              + (e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode())
              + (e.statusCode() == NOT_IMPLEMENTED
                  ? ": this S3-compatible server does not support Object Lock"
                  : ": the bucket was not created with Object Lock enabled")
              + "); use a bucket created with Object Lock enabled, or no retention",
          e);
    } catch (SdkException e) {
      throw new S3StorageException(
          asked + ", but checking bucket " + bucket + " failed: " + e.getMessage(), e);
    }
    if (answer.objectLockConfiguration() == null
        || answer.objectLockConfiguration().objectLockEnabled() != ObjectLockEnabled.ENABLED) {
      throw new S3StorageException(
          asked
              + ", but bucket "
              + bucket
              + " does not have Object Lock enabled; use a bucket created with Object Lock"
              + " enabled, or no retention",
          null);
    }
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
