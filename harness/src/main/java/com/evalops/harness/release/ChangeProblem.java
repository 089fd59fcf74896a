package com.evalops.harness.release;

/**
 * Why an operation cannot be proposed, naming the field as it appears in the request.
 *
 * @param field e.g. {@code operations[1].target}
 * @param value the offending value as given
 */
public record ChangeProblem(String field, String value, String problem) {
  public String describe() {
    return field + " = " + (value == null ? "null" : "\"" + value + "\"") + ": " + problem;
  }
}
