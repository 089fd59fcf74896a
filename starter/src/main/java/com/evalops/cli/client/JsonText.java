package com.evalops.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reading the engine's JSON for text output: absent and null fields read as empty. */
public final class JsonText {
  private JsonText() {}

  /** The field as text; "" when absent or null. */
  public static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || value.isMissingNode() ? "" : value.asText();
  }

  /** The first of {@code fields} that is set, as text; "" when none is. */
  public static String first(JsonNode node, String... fields) {
    for (String field : fields) {
      String value = text(node, field);
      if (!value.isEmpty()) {
        return value;
      }
    }
    return "";
  }

  /** An array of scalars as text items; roles such as {@code ONCALL} in lower case. */
  public static List<String> items(JsonNode array) {
    List<String> items = new ArrayList<>();
    if (array != null && array.isArray()) {
      array.forEach(item -> items.add(item.isValueNode() ? item.asText() : item.toString()));
    }
    return items;
  }

  /** Roles as people say them: {@code oncall or leadership}. */
  public static String roles(JsonNode array) {
    List<String> roles = items(array);
    roles.replaceAll(r -> r.toLowerCase(Locale.ROOT));
    return String.join(" or ", roles);
  }

  /** {@code text} cut to {@code max} characters, on one line. */
  public static String oneLine(String text, int max) {
    String line = text.replaceAll("\\s+", " ").trim();
    return line.length() <= max ? line : line.substring(0, max - 1) + "…";
  }
}
