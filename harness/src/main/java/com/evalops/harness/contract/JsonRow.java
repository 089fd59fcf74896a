package com.evalops.harness.contract;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed reads of one field's value from a streaming parser, each failing with a {@link
 * ContractViolation} that names the file, line and field. The parser must stand on the value.
 */
final class JsonRow {
  private final Path file;
  private final JsonParser parser;
  private final LabelCache labels = new LabelCache();
  private final long linesBefore;

  /**
   * @param linesBefore the lines of the file before the parser's first byte, when it reads only a
   *     part of the file
   */
  JsonRow(Path file, JsonParser parser, long linesBefore) {
    this.file = file;
    this.parser = parser;
    this.linesBefore = linesBefore;
  }

  long line() {
    return linesBefore + parser.currentTokenLocation().getLineNr();
  }

  ContractViolation violation(String field, String value, String problem) {
    return new ContractViolation(file, line(), field, value, problem);
  }

  String string(String field) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NULL) {
      throw violation(field, "null", "must not be null (a string is required)");
    }
    if (token != JsonToken.VALUE_STRING) {
      throw violation(field, shown(), "must be a string, not " + kind(token));
    }
    return parser.getText();
  }

  String nonEmptyString(String field) throws IOException {
    String value = string(field);
    if (value.isBlank()) {
      throw violation(field, "\"" + value + "\"", "must not be empty");
    }
    return value;
  }

  /** A non-empty string from a small vocabulary (intent, team, template, version). */
  String label(String field) throws IOException {
    JsonToken token = parser.currentToken();
    if (token != JsonToken.VALUE_STRING) {
      string(field);
    }
    int length = parser.getTextLength();
    if (length == 0) {
      throw violation(field, "\"\"", "must not be empty");
    }
    String value = labels.get(parser.getTextCharacters(), parser.getTextOffset(), length);
    if (value.isBlank()) {
      throw violation(field, "\"" + value + "\"", "must not be empty");
    }
    return value;
  }

  /** A label, or null when the file says null. */
  String nullableLabel(String field) throws IOException {
    return parser.currentToken() == JsonToken.VALUE_NULL ? null : label(field);
  }

  /** A string, or null when the file says null. */
  String nullableString(String field) throws IOException {
    return parser.currentToken() == JsonToken.VALUE_NULL ? null : string(field);
  }

  int tier(String field) throws IOException {
    JsonToken token = parser.currentToken();
    if (token != JsonToken.VALUE_NUMBER_INT) {
      throw violation(field, shown(), "must be the integer 0, 1 or 2, not " + kind(token));
    }
    long value = longOrMax();
    if (value < 0 || value > 2) {
      throw violation(field, shown(), "must be 0, 1 or 2");
    }
    return (int) value;
  }

  int intInRange(String field, int min, int max) throws IOException {
    JsonToken token = parser.currentToken();
    if (token != JsonToken.VALUE_NUMBER_INT) {
      throw violation(field, shown(), "must be an integer from " + min + " to " + max);
    }
    long value = longOrMax();
    if (value < min || value > max) {
      throw violation(field, shown(), "must be from " + min + " to " + max);
    }
    return (int) value;
  }

  /**
   * The integer value; one beyond the range of a long (too many digits) counts as Long.MAX_VALUE.
   */
  private long longOrMax() throws IOException {
    return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
        ? Long.MAX_VALUE
        : parser.getLongValue();
  }

  double probability(String field) throws IOException {
    JsonToken token = parser.currentToken();
    if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
      throw violation(field, shown(), "must be a number from 0 to 1, not " + kind(token));
    }
    double value = parser.getDoubleValue();
    if (!(value >= 0.0 && value <= 1.0)) {
      throw violation(field, shown(), "must be within [0, 1]");
    }
    return value;
  }

  boolean bool(String field) throws IOException {
    JsonToken token = parser.currentToken();
    if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
      throw violation(field, shown(), "must be true or false, not " + kind(token));
    }
    return token == JsonToken.VALUE_TRUE;
  }

  Instant instant(String field) throws IOException {
    if (parser.currentToken() == JsonToken.VALUE_STRING) {
      Instant parsed =
          Instants.parseOrNull(
              parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
      if (parsed != null) {
        return parsed;
      }
    }
    String value = string(field);
    Instant parsed = Instants.parseOrNull(value);
    if (parsed == null) {
      throw violation(
          field, "\"" + value + "\"", "must be an ISO-8601 instant such as 2025-12-01T09:30:00Z");
    }
    return parsed;
  }

  Channel channel(String field) throws IOException {
    String value = label(field);
    Channel channel = Channel.fromWireName(value);
    if (channel == null) {
      throw violation(field, "\"" + value + "\"", "must be \"livechat\" or \"email\"");
    }
    return channel;
  }

  List<String> stringList(String field) throws IOException {
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      throw violation(field, shown(), "must be a list of strings");
    }
    List<String> values = new ArrayList<>();
    for (JsonToken token = parser.nextToken();
        token != JsonToken.END_ARRAY;
        token = parser.nextToken()) {
      values.add(string(field));
    }
    return values;
  }

  boolean isNull() {
    return parser.currentToken() == JsonToken.VALUE_NULL;
  }

  void requireObject(String field) throws IOException {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw violation(field, shown(), "must be an object");
    }
  }

  /**
   * Starts reading the fields of the object the parser stands on.
   *
   * @param prefix put before a field's name in violations: {@code ""} for a line's own object,
   *     {@code "prediction."} for the object in its {@code prediction} field
   */
  Fields fields(String prefix) {
    return new Fields(prefix);
  }

  /**
   * The fields of one object, in file order. A key that appears twice is refused: a second value
   * must not silently replace the first. (Jackson's own duplicate detection costs a hash set per
   * object; a dozen names compare faster in a row.)
   */
  final class Fields {
    private final String prefix;
    private final String[] seen = new String[16];
    private int count;

    private Fields(String prefix) {
      this.prefix = prefix;
    }

    /** Moves to the next field's value and returns its name, or null at the object's end. */
    String next() throws IOException {
      JsonToken token = parser.nextToken();
      if (token == JsonToken.END_OBJECT) {
        return null;
      }
      String name = parser.currentName();
      for (int i = 0; i < count; i++) {
        // Jackson hands out one String per field name, so == settles nearly every comparison.
        if (seen[i] == name || seen[i].equals(name)) {
          throw violation(
              prefix + name, null, "duplicate key: the field appears twice in one object");
        }
      }
      if (count < seen.length) {
        seen[count++] = name;
      }
      parser.nextToken();
      return name;
    }
  }

  ContractViolation unknownField(String field) throws IOException {
    return violation(field, shown(), "unknown field (not in the data contract)");
  }

  static ContractViolation missing(Path file, long line, String field) {
    return new ContractViolation(file, line, field, null, "missing required field");
  }

  /** The current value as written, for error messages; skips over objects and arrays. */
  private String shown() throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
      parser.skipChildren();
      return token == JsonToken.START_OBJECT ? "{…}" : "[…]";
    }
    if (token == JsonToken.VALUE_STRING) {
      return "\"" + parser.getText() + "\"";
    }
    return parser.getText();
  }

  private static String kind(JsonToken token) {
    if (token == null) {
      return "nothing";
    }
    switch (token) {
      case VALUE_STRING:
        return "a string";
      case VALUE_NUMBER_INT:
        return "an integer";
      case VALUE_NUMBER_FLOAT:
        return "a decimal number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      case VALUE_NULL:
        return "null";
      case START_OBJECT:
        return "an object";
      case START_ARRAY:
        return "a list";
      default:
        return token.asString();
    }
  }
}
