package com.evalops.worker.api;

import com.evalops.worker.http.BodyLimit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Errors as JSON: {@code error}, {@code reason} and, for bad input, the {@code field} and, when the
 * field takes a range, pattern or format, what it {@code allowed}.
 */
@RestControllerAdvice
public class ApiErrors {

  @ExceptionHandler(ApiException.class)
  ResponseEntity<Map<String, Object>> api(ApiException e) {
    return body(e.status(), e.getMessage(), e.field(), e.allowed());
  }

  /**
   * A body that is not JSON, or JSON of the wrong shape: name the field Jackson stopped at. A field
   * the body does not take is refused by name (a misspelled {@code harm} must not silently mean no
   * harm); a body that grew past the limit while it was read is 413.
   */
  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
    Optional<Long> limit = BodyLimit.exceeded(e);
    if (limit.isPresent()) {
      return ResponseEntity.status(413).body(BodyLimit.refusal(limit.get()));
    }
    Throwable cause = e.getCause();
    if (cause instanceof UnrecognizedPropertyException unknown) {
      String field = path(unknown);
      return body(
          400,
          "unknown field "
              + field
              + "; the fields here are "
              + unknown.getKnownPropertyIds().stream()
                  .map(String::valueOf)
                  .sorted()
                  .collect(Collectors.joining(", ")),
          field,
          null);
    }
    if (cause instanceof DatabindException bad && !bad.getPath().isEmpty()) {
      String field = path(bad);
      return body(400, "bad value for " + field + ": " + bad.getOriginalMessage(), field, null);
    }
    return body(
        400,
        "the body must be a JSON object: "
            + (cause != null ? cause.getMessage() : e.getMessage()).lines().findFirst().orElse(""),
        null,
        null);
  }

  /** {@code operations[0].target}: the field as a client wrote it. */
  private static String path(DatabindException e) {
    StringBuilder field = new StringBuilder();
    for (var reference : e.getPath()) {
      if (reference.getPropertyName() != null) {
        field.append(field.isEmpty() ? "" : ".").append(reference.getPropertyName());
      } else {
        field.append('[').append(reference.getIndex()).append(']');
      }
    }
    return field.toString();
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ResponseEntity<Map<String, Object>> missing(MissingServletRequestParameterException e) {
    return body(
        400, "parameter " + e.getParameterName() + " is required", e.getParameterName(), null);
  }

  /** The records' own checks (a scope that is blank, a count out of range). */
  @ExceptionHandler(IllegalArgumentException.class)
  ResponseEntity<Map<String, Object>> invalid(IllegalArgumentException e) {
    return body(400, e.getMessage(), null, null);
  }

  static ResponseEntity<Map<String, Object>> body(
      int status, String reason, String field, String allowed) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", errorName(status));
    body.put("reason", reason);
    if (field != null) {
      body.put("field", field);
    }
    if (allowed != null) {
      body.put("allowed", allowed);
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
