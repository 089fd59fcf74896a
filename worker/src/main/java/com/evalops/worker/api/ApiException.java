package com.evalops.worker.api;

/** A request the API answers with an error status, a reason and, for bad input, the field. */
public class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String field;

  public ApiException(int status, String reason, String field) {
    super(reason);
    this.status = status;
    this.field = field;
  }

  public static ApiException badRequest(String field, String reason) {
    return new ApiException(400, reason, field);
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
}
