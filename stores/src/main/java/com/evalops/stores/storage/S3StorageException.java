package com.evalops.stores.storage;

/** An S3 call failed; the message names the operation, bucket and key. Retrying may help. */
public final class S3StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public S3StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
