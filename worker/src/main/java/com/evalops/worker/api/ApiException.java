package com.evalops.worker.api;

/**
 * A request the API answers with an error status, a reason and, for bad input, the field and what
 * it allows.
 */
public class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String field;
  private final String allowed;

  public ApiException(int status, String reason, String field) {
    this(status, reason, field, null);
  }

  private ApiException(int status, String reason, String field, String allowed) {
    super(reason);
    this.status = status;
    this.field = field;
    this.allowed = allowed;
  }

  public static ApiException badRequest(String field, String reason) {
    return new ApiException(400, reason, field);
  }

  /**
   * @param allowed the values the field takes, as the error body's {@code allowed} shows them (a
   *     range, a pattern, a format)
   */
  public static ApiException badRequest(String field, String reason, String allowed) {
    return new ApiException(400, reason, field, allowed);
  }

  public static ApiException notFound(String reason) {
    return new ApiException(404, reason, null);
  }

  public int status() {
    return status;
  }

  public String field() {
    return field;
  }

  /** What the field allows, or null. */
  public String allowed() {
    return allowed;
  }
}
