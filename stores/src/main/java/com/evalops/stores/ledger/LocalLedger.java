package com.evalops.stores.ledger;

import com.evalops.stores.storage.FileLocks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A ledger in one JSON Lines file. Appends are serialized across threads, instances and processes
 * by {@link FileLocks}; under the lock the instance first reads whatever other writers appended
 * since its last look (the tail), so {@code seq} and {@code prev_sha256} always follow the real
 * last line and no entry is lost or forked.
 */
public final class LocalLedger<T extends LedgerRecord> implements Ledger<T> {
  private static final byte NEWLINE = '\n';

  private final Path file;
  private final LedgerFormat<T> format;
  private final Clock clock;

  // What this instance knows of the file up to readOffset; read and written only under the lock.
  private long readOffset;
  private final ChainHead<T> head = new ChainHead<>();

  public LocalLedger(Path file, Class<T> contentType, Clock clock) {
    this.file = file.toAbsolutePath().normalize();
    this.format = new LedgerFormat<>(contentType);
    this.clock = clock;
  }

  public static LocalLedger<DecisionEntry> decisionLog(Path file) {
    return new LocalLedger<>(file, DecisionEntry.class, Clock.systemUTC());
  }

  public static LocalLedger<ChangeEntry> changeLog(Path file) {
    return new LocalLedger<>(file, ChangeEntry.class, Clock.systemUTC());
  }

  @Override
  public LedgerEntry<T> append(T record) {
    Objects.requireNonNull(record.entryId(), "entry_id");
    return FileLocks.withExclusiveLock(
        file,
        channel -> {
          catchUp(channel);
          Optional<LedgerEntry<T>> existing = head.find(record.entryId());
          if (existing.isPresent()) {
            return existing.get();
          }
          LedgerEntry<T> entry = head.next(record, clock.instant());
          byte[] line = format.write(entry);
          ByteBuffer buffer = ByteBuffer.allocate(line.length + 1).put(line).put(NEWLINE).flip();
          long position = readOffset;
          while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
          }
          channel.force(false);
          head.advance(entry, line);
          readOffset = position;
          return entry;
        });
  }

  @Override
  public Optional<LedgerEntry<T>> find(String entryId) {
    return FileLocks.withExclusiveLock(
        file,
        channel -> {
          catchUp(channel);
          return head.find(entryId);
        });
  }

  @Override
  public List<LedgerEntry<T>> list() {
    return read(content -> true);
  }

  @Override
  public List<LedgerEntry<T>> read(Predicate<? super T> filter) {
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      List<LedgerEntry<T>> entries = new ArrayList<>();
      // Only newline-terminated lines: a line without one is still being written.
      for (byte[] line : completeLines(Files.readAllBytes(file)).lines()) {
        LedgerEntry<T> entry = format.read(line);
        if (filter.test(entry.content())) {
          entries.add(entry);
        }
      }
      return entries;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Verification verify() {
    return FileLocks.withExclusiveLock(file, channel -> verify(readFrom(channel, 0)));
  }

  private static Verification verify(byte[] content) {
    Lines lines = completeLines(content);
    Verification chain = LedgerFormat.verify(lines.lines());
    if (chain.intact() && lines.tornTail()) {
      return Verification.broken(
          chain.intactEntries() + 1,
          "the last line has no newline: a writer stopped mid-append or the file was cut");
    }
    return chain;
  }

  /**
   * Reads entries other writers appended since this instance last looked. A final line without a
   * newline can only come from a writer that died mid-append (writers hold the lock), so that
   * append never returned and its bytes are cut off.
   */
  private void catchUp(FileChannel channel) throws IOException {
    long size = channel.size();
    if (size < readOffset) {
      throw new IllegalStateException(
          "ledger " + file + " shrank from " + readOffset + " to " + size + " bytes; run verify");
    }
    Lines lines = completeLines(readFrom(channel, readOffset));
    for (byte[] line : lines.lines()) {
      LedgerEntry<T> entry = format.read(line);
      if (!head.isNext(entry)) {
        throw new IllegalStateException(
            "ledger "
                + file
                + " is broken at seq "
                + (head.lastSeq() + 1)
                + "; refusing to append to it, run verify");
      }
      head.advance(entry, line);
      readOffset += line.length + 1;
    }
    if (lines.tornTail()) {
      channel.truncate(readOffset);
    }
  }

  private static byte[] readFrom(FileChannel channel, long offset) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(channel.size() - offset));
    long position = offset;
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, position);
      if (read < 0) {
        break;
      }
      position += read;
    }
    return Arrays.copyOf(buffer.array(), buffer.position());
  }

  private record Lines(List<byte[]> lines, boolean tornTail) {}

  /** Lines without their newline; bytes after the last newline only set {@code tornTail}. */
  private static Lines completeLines(byte[] content) {
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < content.length; i++) {
      if (content[i] == NEWLINE) {
        lines.add(Arrays.copyOfRange(content, start, i));
        start = i + 1;
      }
    }
    return new Lines(lines, start < content.length);
  }
}
