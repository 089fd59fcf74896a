package com.evalops.harness.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Reads a large JSON Lines file as two halves in parallel, each half in its own thread with its own
 * sink, while a third thread hashes the whole file. Scoring a million tickets is bound by parsing;
 * on two cores this nearly halves it.
 *
 * <p>What a caller sees stays as if the file were read in one thread: line numbers are the file's
 * own, and when several rows are wrong the violation reported is the one on the earliest line (the
 * second half's is dropped when the first half has one).
 */
public final class JsonlParts {
  /**
   * Below this size one thread reads the file: two would cost more than they save. The system
   * property lets tests split small files.
   */
  public static final String PARALLEL_FROM_PROPERTY = "evalops.jsonl.parallelFromBytes";

  private static final long PARALLEL_FROM_BYTES = 16L << 20;

  private static final int SCAN_BYTES = 1 << 16;

  private JsonlParts() {}

  /**
   * @param sinks gives the sink of each part (0 for the first half, 1 for the second); called once
   *     per part, in the part's own thread
   * @return the SHA-256 of the whole file (when {@code hash}) and its row count
   */
  static <T> JsonlReader.FileDigest read(
      Path file,
      String rowNoun,
      boolean hash,
      JsonlReader.RowParser<T> rowParser,
      IntFunction<JsonlReader.RowSink<T>> sinks) {
    return read(
        file,
        rowNoun,
        hash,
        rowParser,
        sinks,
        Long.getLong(PARALLEL_FROM_PROPERTY, PARALLEL_FROM_BYTES));
  }

  /** As above; tests split small files by lowering {@code parallelFromBytes}. */
  static <T> JsonlReader.FileDigest read(
      Path file,
      String rowNoun,
      boolean hash,
      JsonlReader.RowParser<T> rowParser,
      IntFunction<JsonlReader.RowSink<T>> sinks,
      long parallelFromBytes) {
    long size;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      size = channel.size();
    } catch (NoSuchFileException e) {
      throw ContractViolation.ofFile(file, "file not found");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    long middle = size < parallelFromBytes ? -1 : lineStartAfter(file, size / 2);
    if (middle < 0) {
      return JsonlReader.readInThisThread(file, rowNoun, hash, rowParser, sinks.apply(0));
    }
    ExecutorService threads = Executors.newFixedThreadPool(3, JsonlParts::daemon);
    try {
      Future<String> sha256 = hash ? threads.submit(() -> sha256(file)) : null;
      Future<Long> first =
          threads.submit(() -> readPart(file, 0, middle, 0, rowNoun, rowParser, sinks.apply(0)));
      Future<Long> second =
          threads.submit(
              () ->
                  readPart(
                      file,
                      middle,
                      size,
                      newlinesBefore(file, middle),
                      rowNoun,
                      rowParser,
                      sinks.apply(1)));
      long rows;
      try {
        rows = await(first);
      } catch (RuntimeException | Error e) {
        second.cancel(true);
        throw e;
      }
      rows += await(second);
      JsonlReader.requireRows(file, rowNoun, rows);
      return new JsonlReader.FileDigest(sha256 == null ? null : await(sha256), rows);
    } finally {
      threads.shutdownNow();
    }
  }

  private static <T> long readPart(
      Path file,
      long from,
      long to,
      long linesBefore,
      String rowNoun,
      JsonlReader.RowParser<T> rowParser,
      JsonlReader.RowSink<T> sink)
      throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      channel.position(from);
      InputStream part = new BoundedInputStream(Channels.newInputStream(channel), to - from);
      return JsonlReader.readRange(file, part, linesBefore, rowNoun, rowParser, sink);
    }
  }

  /** The offset just after the first newline at or after {@code from}, or -1 when none. */
  static long lineStartAfter(Path file, long from) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(SCAN_BYTES);
      long position = from;
      while (channel.read(buffer, position) > 0) {
        buffer.flip();
        for (int i = 0; i < buffer.limit(); i++) {
          if (buffer.get(i) == '\n') {
            long start = position + i + 1;
            return start < channel.size() ? start : -1;
          }
        }
        position += buffer.limit();
        buffer.clear();
      }
      return -1;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static long newlinesBefore(Path file, long end) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(SCAN_BYTES);
      byte[] bytes = buffer.array();
      long count = 0;
      long position = 0;
      while (position < end) {
        buffer.clear();
        buffer.limit((int) Math.min(SCAN_BYTES, end - position));
        int read = channel.read(buffer, position);
        if (read <= 0) {
          break;
        }
        for (int i = 0; i < read; i++) {
          if (bytes[i] == '\n') {
            count++;
          }
        }
        position += read;
      }
      return count;
    }
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest digest = JsonlReader.newSha256();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(SCAN_BYTES);
      while (channel.read(buffer) > 0) {
        buffer.flip();
        digest.update(buffer);
        buffer.clear();
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static <V> V await(Future<V> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      if (cause instanceof IOException io) {
        throw new UncheckedIOException(io.getMessage(), io);
      }
      throw new IllegalStateException(cause);
    }
  }

  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "jsonl-part");
    thread.setDaemon(true);
    return thread;
  }

  /** Reads at most {@code limit} bytes of a stream. */
  private static final class BoundedInputStream extends InputStream {
    private final InputStream in;
    private long left;

    BoundedInputStream(InputStream in, long limit) {
      this.in = in;
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
