package com.evalops.harness.contract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small JSON file (taxonomy, router config, manifest) read into a tree that remembers the line of
 * every value, so that a violation deep inside it still names its line and its path ({@code
 * intents.refund_request.tier}).
 */
final class JsonDocument {
  private static final JsonFactory JSON = new JsonFactory();

  /** A value and where it stands. {@code value} is a Map, List, String, Number, Boolean or null. */
  record Node(Path file, String path, long line, Object value) {

    ContractViolation violation(String problem) {
      return new ContractViolation(file, line, path.isEmpty() ? null : path, shown(), problem);
    }

    String shown() {
      if (value instanceof Map) {
        return "{…}";
      }
      if (value instanceof List) {
        return "[…]";
      }
      return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    Map<String, Node> object() {
      if (!(value instanceof Map)) {
        throw violation("must be an object");
      }
      return (Map<String, Node>) value;
    }

    /** This object's fields, refusing any key outside {@code allowed}. */
    Map<String, Node> objectWithKeys(Set<String> required, Set<String> optional) {
      Map<String, Node> fields = object();
      for (Node field : fields.values()) {
        String key = field.key();
        if (!required.contains(key) && !optional.contains(key)) {
          throw field.violation(
              "unknown key (allowed: " + String.join(", ", union(required, optional)) + ")");
        }
      }
      for (String key : required) {
        if (!fields.containsKey(key)) {
          throw new ContractViolation(
              file, line, path.isEmpty() ? key : path + "." + key, null, "missing required key");
        }
      }
      return fields;
    }

    String key() {
      int dot = path.lastIndexOf('.');
      return dot < 0 ? path : path.substring(dot + 1);
    }

    @SuppressWarnings("unchecked")
    List<Node> list() {
      if (!(value instanceof List)) {
        throw violation("must be a list");
      }
      return (List<Node>) value;
    }

    String string() {
      if (!(value instanceof String s)) {
        throw violation("must be a string");
      }
      if (s.isBlank()) {
        throw violation("must not be empty");
      }
      return s;
    }

    String nullableString() {
      return value == null ? null : string();
    }

    boolean bool() {
      if (!(value instanceof Boolean b)) {
        throw violation("must be true or false");
      }
      return b;
    }

    double probability() {
      if (!(value instanceof Number n)) {
        throw violation("must be a number from 0 to 1");
      }
      double d = n.doubleValue();
      if (!(d >= 0 && d <= 1)) {
        throw violation("must be within [0, 1]");
      }
      return d;
    }

    long nonNegativeInteger() {
      if (!(value instanceof Long n) || n < 0) {
        throw violation("must be a whole number ≥ 0");
      }
      return n;
    }

    int tier() {
      if (!(value instanceof Long n) || n < 0 || n > 2) {
        throw violation("must be the integer 0, 1 or 2");
      }
      return n.intValue();
    }

    Instant instant() {
      Instant parsed = Instants.parseOrNull(string());
      if (parsed == null) {
        throw violation("must be an ISO-8601 instant such as 2025-12-01T09:30:00Z");
      }
      return parsed;
    }

    List<String> stringList() {
      List<String> values = new ArrayList<>();
      for (Node item : list()) {
        values.add(item.string());
      }
      return values;
    }

    private static List<String> union(Set<String> a, Set<String> b) {
      Set<String> all = new LinkedHashSet<>(a);
      all.addAll(b);
      return new ArrayList<>(all);
    }
  }

  private JsonDocument() {}

  static Node read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(file, in);
    } catch (NoSuchFileException e) {
      throw ContractViolation.ofFile(file, "file not found");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** A document held in memory (an object store's bytes); {@code source} names it in violations. */
  static Node read(Path source, byte[] bytes) {
    try {
      return parse(source, new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
    }
  }

  private static Node parse(Path file, InputStream in) throws IOException {
    try (JsonParser parser = JSON.createParser(in)) {
      try {
        return readDocument(file, parser);
      } catch (JsonProcessingException e) {
        // Syntax errors, and the parser's limits on nesting, number and string length; a limit
        // carries no location of its own.
        JsonLocation at = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
        throw new ContractViolation(
            file, at.getLineNr(), null, null, "not valid JSON: " + JsonSyntax.problem(e));
      }
    } catch (CharConversionException e) {
      throw ContractViolation.ofFile(file, "not valid UTF-8 text: " + e.getMessage());
    }
  }

  private static Node readDocument(Path file, JsonParser parser) throws IOException {
    JsonToken first = parser.nextToken();
    if (first == null) {
      throw ContractViolation.ofFile(file, "the file is empty");
    }
    Node root = readValue(file, parser, "");
    if (parser.nextToken() != null) {
      throw new ContractViolation(
          file,
          parser.currentTokenLocation().getLineNr(),
          null,
          null,
          "unexpected content after the JSON document");
    }
    return root;
  }

  private static Node readValue(Path file, JsonParser parser, String path) throws IOException {
    long line = parser.currentTokenLocation().getLineNr();
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT -> {
        Map<String, Node> fields = new LinkedHashMap<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
          String name = parser.currentName();
          String fieldPath = path.isEmpty() ? name : path + "." + name;
          if (fields.containsKey(name)) {
            throw new ContractViolation(
                file,
                parser.currentTokenLocation().getLineNr(),
                fieldPath,
                null,
                "duplicate key: the key appears twice in one object (first on line "
                    + fields.get(name).line()
                    + ")");
          }
          parser.nextToken();
          fields.put(name, readValue(file, parser, fieldPath));
        }
        return new Node(file, path, line, fields);
      }
      case START_ARRAY -> {
        List<Node> items = new ArrayList<>();
        int index = 0;
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
          items.add(readValue(file, parser, path + "[" + index++ + "]"));
        }
        return new Node(file, path, line, items);
      }
      case VALUE_STRING -> {
        return new Node(file, path, line, parser.getText());
      }
      case VALUE_NUMBER_INT -> {
        // Beyond a long's range the value stays a BigInteger, which no integer field accepts.
        return new Node(
            file,
            path,
            line,
            parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                ? parser.getBigIntegerValue()
                : parser.getLongValue());
      }
      case VALUE_NUMBER_FLOAT -> {
        return new Node(file, path, line, parser.getDoubleValue());
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return new Node(file, path, line, token == JsonToken.VALUE_TRUE);
      }
      case VALUE_NULL -> {
        return new Node(file, path, line, null);
      }
      default -> throw new ContractViolation(file, line, path, null, "unexpected JSON " + token);
    }
  }
}
