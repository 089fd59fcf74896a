package com.evalops.harness.contract;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;

/**
 * What is wrong with a file that is not JSON, said without repeating any of it. The parser's own
 * messages quote the text it stopped at ({@code Unrecognized token 'root'}), which would carry the
 * first word of any file into an error that auditors, logs and workflow histories keep; a syntax
 * error is located by line (the violation's) and column instead.
 */
public final class JsonSyntax {
  private JsonSyntax() {}

  public static String problem(JsonProcessingException e) {
    if (e instanceof StreamConstraintsException) {
      // The parser's limits (nesting, number and string length) state sizes, not content.
      return e.getOriginalMessage();
    }
    String at = column(e.getLocation());
    if (e instanceof JsonEOFException) {
      return "the text ends inside a JSON value" + at;
    }
    String message = e.getOriginalMessage();
    if (message != null && message.startsWith("Invalid UTF-8")) {
      // The parser names the offending byte; the encoding is what the file's author must fix.
      return "not UTF-8 text" + at;
    }
    return "unexpected text" + at;
  }

  private static String column(JsonLocation location) {
    return location == null || location.getColumnNr() < 1
        ? ""
        : " at column " + location.getColumnNr();
  }
}
