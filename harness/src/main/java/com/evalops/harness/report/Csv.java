package com.evalops.harness.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one CSV dialect of the report files (data contract §7), on jackson-dataformat-csv: RFC 4180,
 * {@code \n} line ends, fields quoted only when they hold a comma, a quote or a line break.
 *
 * <p>People open these files in spreadsheets, so text cells are guarded against formula injection
 * (OWASP "CSV Injection"): a text cell starting with {@code = + - @}, a tab or a carriage return
 * gets a leading {@code '}. A text cell that starts with {@code '} itself gets one too, so that
 * {@link #read} can undo the guard exactly. Numbers and booleans are written as they are.
 */
public final class Csv {
  private static final CsvMapper MAPPER =
      CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();
  private static final ObjectReader ROWS =
      MAPPER
          .readerFor(String[].class)
          .with(CsvSchema.emptySchema())
          .with(CsvParser.Feature.WRAP_AS_ARRAY)
          .with(CsvParser.Feature.SKIP_EMPTY_LINES);

  private Csv() {}

  /** A new file that starts with its header row. */
  public static Writer open(Path file, String... header) {
    Writer csv = new Writer(file);
    csv.row((Object[]) header);
    return csv;
  }

  /** Rows only: for a part that is appended to a file that has its header already. */
  public static Writer withoutHeader(Path file) {
    return new Writer(file);
  }

  /**
   * Every row of a report file, header first, with the formula guard undone; blank lines skipped.
   *
   * @throws IllegalArgumentException when the file is not valid CSV
   */
  public static List<List<String>> read(Path file) {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in, true);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid CSV: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Every row of a report's CSV text, as {@link #read(Path)}. */
  public static List<List<String>> read(String text) {
    return parse(text, true);
  }

  /** Every row of CSV text that other tools wrote (no formula guard to undo). */
  public static List<List<String>> readVerbatim(String text) {
    return parse(text, false);
  }

  private static List<List<String>> parse(String text, boolean unguard) {
    try {
      return read(new StringReader(text), unguard);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid CSV: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<List<String>> read(Reader in, boolean unguard) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    try (MappingIterator<String[]> it = ROWS.readValues(in)) {
      while (it.hasNextValue()) {
        String[] cells = it.nextValue();
        List<String> row = new ArrayList<>(cells.length);
        for (String cell : cells) {
          row.add(unguard ? unguard(cell) : cell);
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /** A text cell as written: with a leading {@code '} where a spreadsheet could run it. */
  static String guard(String text) {
    if (text.isEmpty()) {
      return text;
    }
    return switch (text.charAt(0)) {
      case '=', '+', '-', '@', '\t', '\r', '\'' -> "'" + text;
      default -> text;
    };
  }

  static String unguard(String cell) {
    return cell != null && cell.startsWith("'") ? cell.substring(1) : cell;
  }

  static String format(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Double d) {
      return sixDecimals(d);
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    return guard(value.toString());
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

  /** Writes rows to one file; doubles are rounded to 6 decimals, as the contract allows. */
  public static final class Writer implements Closeable {
    private final SequenceWriter out;

    private Writer(Path file) {
      try {
        this.out =
            MAPPER
                .writerFor(String[].class)
                .with(CsvSchema.emptySchema())
                .writeValues(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file, e);
      }
    }

    public void row(Object... fields) {
      String[] cells = new String[fields.length];
      for (int i = 0; i < fields.length; i++) {
        cells[i] = format(fields[i]);
      }
      try {
        out.write(cells);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
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
}
