package com.evalops.harness.report;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** RFC 4180 CSV: fields quoted only when they hold a comma, quote or line break. */
public final class CsvWriter implements Closeable {
  private final BufferedWriter out;

  public CsvWriter(Path file, String... header) {
    this(file);
    row((Object[]) header);
  }

  private CsvWriter(Path file) {
    try {
      this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Rows only: for a part that is appended to a file that has its header already. */
  public static CsvWriter withoutHeader(Path file) {
    return new CsvWriter(file);
  }

  /** Writes one row; doubles are rounded to 6 decimals, as the contract allows for CSV. */
  public void row(Object... fields) {
    try {
      for (int i = 0; i < fields.length; i++) {
        if (i > 0) {
          out.write(',');
        }
        out.write(escape(format(fields[i])));
      }
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String format(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Double d) {
      return sixDecimals(d);
    }
    return value.toString();
  }

  /** Like {@code %.6f}, without the formatter's cost on the per-ticket rows. */
  static String sixDecimals(double d) {
    if (!(Math.abs(d) < 1e12)) {
      return String.format(Locale.ROOT, "%.6f", d);
    }
    long micros = Math.round(Math.abs(d) * 1_000_000);
    StringBuilder s = new StringBuilder(20);
    if (d < 0 && micros != 0) {
      s.append('-');
    }
    String fraction = Long.toString(micros % 1_000_000);
    s.append(micros / 1_000_000).append('.');
    for (int i = fraction.length(); i < 6; i++) {
      s.append('0');
    }
    return s.append(fraction).toString();
  }

  static String escape(String field) {
    boolean quote = false;
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == ',' || c == '"' || c == '\n' || c == '\r') {
        quote = true;
        break;
      }
    }
    return quote ? '"' + field.replace("\"", "\"\"") + '"' : field;
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
