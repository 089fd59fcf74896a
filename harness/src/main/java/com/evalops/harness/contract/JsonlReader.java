package com.evalops.harness.contract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedInputStream;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Streams a JSON Lines file one object at a time: the whole file is never held in memory. Each
 * object must stand on its own line; anything else is a {@link ContractViolation} naming the line.
 */
public final class JsonlReader {
  private static final JsonFactory JSON = new JsonFactory();
  private static final int BUFFER_BYTES = 1 << 16;
  private static final int BATCH_ROWS = 4096;
  private static final int HAND_OVER_BATCHES = 4;

  /** Reads one object; the parser stands on its START_OBJECT. */
  @FunctionalInterface
  interface RowParser<T> {
    T parse(JsonRow row, long line) throws IOException;
  }

  /** Receives each parsed row with the line it started on. */
  @FunctionalInterface
  public interface RowSink<T> {
    void accept(T row, long line);
  }

  private JsonlReader() {}

  /**
   * Reads every row of {@code file}: a second thread parses (and hashes) while the calling thread
   * runs {@code sink}, so on two cores parsing and scoring overlap. Rows reach the sink in file
   * order; a violation surfaces after every row before it was delivered, as if read in one thread;
   * a sink that throws stops the parsing.
   *
   * @return the file's SHA-256 (hex) and row count
   */
  static <T> FileDigest read(
      Path file, String rowNoun, boolean hash, RowParser<T> rowParser, RowSink<T> sink) {
    BlockingQueue<Object> handOver = new ArrayBlockingQueue<>(HAND_OVER_BATCHES);
    Thread parsing =
        new Thread(
            () -> parseInto(handOver, file, rowNoun, hash, rowParser),
            "jsonl-" + file.getFileName());
    parsing.setDaemon(true);
    parsing.start();
    try {
      while (true) {
        Object next = handOver.take();
        if (next instanceof Batch<?> batch) {
          @SuppressWarnings("unchecked")
          Batch<T> rows = (Batch<T>) batch;
          for (int i = 0; i < rows.size; i++) {
            sink.accept(rows.rows[i], rows.lines[i]);
          }
        } else if (next instanceof RuntimeException failure) {
          throw failure;
        } else if (next instanceof Error failure) {
          throw failure;
        } else {
          return (FileDigest) next;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + file, e);
    } finally {
      parsing.interrupt();
    }
  }

  private static <T> void parseInto(
      BlockingQueue<Object> handOver,
      Path file,
      String rowNoun,
      boolean hash,
      RowParser<T> rowParser) {
    // The batch being filled; the parse callback replaces it, so it lives in a one-slot holder.
    AtomicReference<Batch<T>> current = new AtomicReference<>(new Batch<>());
    try {
      FileDigest digest =
          readInThisThread(
              file,
              rowNoun,
              hash,
              rowParser,
              (row, line) -> {
                Batch<T> b = current.get();
                b.rows[b.size] = row;
                b.lines[b.size++] = line;
                if (b.size == BATCH_ROWS) {
                  put(handOver, b);
                  current.set(new Batch<>());
                }
              });
      if (current.get().size > 0) {
        put(handOver, current.get());
      }
      put(handOver, digest);
    } catch (HandOverInterrupted e) {
      // The reader gave up (its sink failed); nobody waits for the rest.
    } catch (RuntimeException | Error e) {
      // An Error too: a parsing thread that died silently would leave the reader waiting forever.
      try {
        // The rows read before the failure go first, as if read in one thread: a sink's own
        // violation on an earlier line must win over this one.
        if (current.get().size > 0) {
          handOver.put(current.get());
        }
        handOver.put(e);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void put(BlockingQueue<Object> handOver, Object item) {
    try {
      handOver.put(item);
    } catch (InterruptedException e) {
      throw new HandOverInterrupted();
    }
  }

  private static final class HandOverInterrupted extends RuntimeException {
    HandOverInterrupted() {
      super(null, null, false, false);
    }
  }

  private static final class Batch<T> {
    @SuppressWarnings("unchecked")
    final T[] rows = (T[]) new Object[BATCH_ROWS];

    final long[] lines = new long[BATCH_ROWS];
    int size;
  }

  /** Reads every row in the calling thread. */
  static <T> FileDigest readInThisThread(
      Path file, String rowNoun, boolean hash, RowParser<T> rowParser, RowSink<T> sink) {
    MessageDigest sha256 = hash ? newSha256() : null;
    try (InputStream raw = Files.newInputStream(file)) {
      long rows =
          readRange(
              file, hash ? new DigestInputStream(raw, sha256) : raw, 0, rowNoun, rowParser, sink);
      requireRows(file, rowNoun, rows);
      return new FileDigest(hash ? HexFormat.of().formatHex(sha256.digest()) : null, rows);
    } catch (NoSuchFileException e) {
      throw ContractViolation.ofFile(file, "file not found");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static void requireRows(Path file, String rowNoun, long rows) {
    if (rows == 0) {
      throw ContractViolation.ofFile(file, "the file is empty: it holds no " + rowNoun);
    }
  }

  /**
   * Reads the rows of one stretch of a file, which starts at the beginning of a line.
   *
   * @param linesBefore how many lines of the file come before the stretch (0 at its start, where
   *     the encoding is checked too)
   * @return how many rows the stretch holds
   */
  static <T> long readRange(
      Path file,
      InputStream source,
      long linesBefore,
      String rowNoun,
      RowParser<T> rowParser,
      RowSink<T> sink)
      throws IOException {
    InputStream in = new BufferedInputStream(source, BUFFER_BYTES);
    if (linesBefore == 0) {
      refuseNonUtf8Start(file, in);
    }
    long rows = 0;
    long lastEndLine = 0;
    long openLine = 0;
    try (JsonParser parser = JSON.createParser(in)) {
      JsonRow row = new JsonRow(file, parser, linesBefore);
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        long line = row.line();
        if (token != JsonToken.START_OBJECT) {
          throw new ContractViolation(
              file, line, null, null, "each line must hold one JSON object (" + rowNoun + ")");
        }
        if (line <= lastEndLine) {
          throw new ContractViolation(
              file, line, null, null, "two JSON objects on one line; JSON Lines wants one a line");
        }
        openLine = line;
        T value = rowParser.parse(row, line);
        openLine = 0;
        lastEndLine = row.line();
        if (lastEndLine != line) {
          throw new ContractViolation(
              file, line, null, null, "a JSON object must not span several lines");
        }
        rows++;
        sink.accept(value, line);
      }
    } catch (JsonProcessingException e) {
      // Syntax errors, and the parser's limits on nesting, number and string length.
      long errorLine = e.getLocation() == null ? 0 : linesBefore + e.getLocation().getLineNr();
      // An object must end on the line it starts on: an error the parser notices on a later
      // line (a truncated line) belongs to the line whose object was left open.
      if (openLine > 0 && errorLine > openLine) {
        throw new ContractViolation(
            file,
            openLine,
            null,
            null,
            "not valid JSON: the object is not complete on this line ("
                + JsonSyntax.problem(e)
                + " on line "
                + errorLine
                + ")");
      }
      throw new ContractViolation(
          file,
          errorLine > 0 ? errorLine : openLine,
          null,
          null,
          "not valid JSON: " + JsonSyntax.problem(e));
    } catch (CharConversionException e) {
      throw ContractViolation.ofFile(file, "not valid UTF-8 text: " + e.getMessage());
    }
    return rows;
  }

  /** Jackson would silently decode UTF-16 and UTF-32; the contract says UTF-8. */
  private static void refuseNonUtf8Start(Path file, InputStream in) throws IOException {
    in.mark(4);
    byte[] head = in.readNBytes(4);
    in.reset();
    if (head.length >= 2
        && ((head[0] == (byte) 0xFE && head[1] == (byte) 0xFF)
            || (head[0] == (byte) 0xFF && head[1] == (byte) 0xFE))) {
      throw ContractViolation.ofFile(
          file, "not UTF-8: the file starts with a UTF-16 byte order mark");
    }
    if (head.length >= 3
        && head[0] == (byte) 0xEF
        && head[1] == (byte) 0xBB
        && head[2] == (byte) 0xBF) {
      throw ContractViolation.ofFile(
          file, "starts with a UTF-8 byte order mark; save it as UTF-8 without BOM");
    }
    for (byte b : head) {
      if (b == 0) {
        throw ContractViolation.ofFile(file, "not UTF-8: the file holds NUL bytes (UTF-16/32?)");
      }
    }
  }

  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  /**
   * What was read: the SHA-256 of the file's bytes (hex; null when not asked for) and how many rows
   * it holds.
   */
  public record FileDigest(String sha256, long rows) {}
}
