package com.evalops.worker.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.databind.DatabindException;

/** Errors as JSON: {@code error}, {@code reason} and, for bad input, the {@code field}. */
@RestControllerAdvice
public class ApiErrors {

  @ExceptionHandler(ApiException.class)
  ResponseEntity<Map<String, Object>> api(ApiException e) {
    return body(e.status(), e.getMessage(), e.field());
  }

  /** A body that is not JSON, or JSON of the wrong shape: name the field Jackson stopped at. */
  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
    Throwable cause = e.getCause();
    if (cause instanceof DatabindException bad && !bad.getPath().isEmpty()) {
      String field =
          bad.getPath().stream()
              .map(
                  r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
              .collect(Collectors.joining("."));
      return body(400, "bad value for " + field + ": " + bad.getOriginalMessage(), field);
    }
    return body(
        400,
        "the body must be a JSON object: "
            + (cause != null ? cause.getMessage() : e.getMessage()).lines().findFirst().orElse(""),
        null);
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ResponseEntity<Map<String, Object>> missing(MissingServletRequestParameterException e) {
    return body(400, "parameter " + e.getParameterName() + " is required", e.getParameterName());
  }

  /** The records' own checks (a scope that is blank, a count out of range). */
  @ExceptionHandler(IllegalArgumentException.class)
  ResponseEntity<Map<String, Object>> invalid(IllegalArgumentException e) {
    return body(400, e.getMessage(), null);
  }

  static ResponseEntity<Map<String, Object>> body(int status, String reason, String field) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", errorName(status));
    body.put("reason", reason);
    if (field != null) {
      body.put("field", field);
    }
    return ResponseEntity.status(status).body(body);
  }

  private static String errorName(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 409 -> "refused";
      case 503 -> "unavailable";
      default -> "error";
    };
  }
}
