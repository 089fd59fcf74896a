package com.evalops.harness.contract;

import java.nio.file.Path;

/**
 * A file that breaks the data contract. The message names the file, the line (when there is one),
 * the field (when there is one) and the offending value, so that the person who made the file can
 * fix it without reading code.
 */
public final class ContractViolation extends RuntimeException {
  private static final int MAX_VALUE_CHARS = 80;

  private final Path file;
  private final long line;
  private final String field;
  private final String value;
  private final String problem;

  /**
   * @param line 1-based, or 0 when the problem is about the whole file
   * @param field the field's name, or null
   * @param value the offending value as written, or null
   */
  public ContractViolation(Path file, long line, String field, String value, String problem) {
    super(describe(file, line, field, value, problem));
    this.file = file;
    this.line = line;
    this.field = field;
    this.value = value;
    this.problem = problem;
  }

  public static ContractViolation ofFile(Path file, String problem) {
    return new ContractViolation(file, 0, null, null, problem);
  }

  public Path file() {
    return file;
  }

  public long line() {
    return line;
  }

  public String field() {
    return field;
  }

  public String value() {
    return value;
  }

  public String problem() {
    return problem;
  }

  private static String describe(Path file, long line, String field, String value, String problem) {
    StringBuilder text = new StringBuilder(String.valueOf(file));
    if (line > 0) {
      text.append(':').append(line);
    }
    if (field != null) {
      text.append(": field '").append(field).append('\'');
    }
    if (value != null) {
      String shown =
          value.length() > MAX_VALUE_CHARS ? value.substring(0, MAX_VALUE_CHARS) + "…" : value;
      text.append(" (value ").append(shown).append(')');
    }
    return text.append(": ").append(problem).toString();
  }
}
