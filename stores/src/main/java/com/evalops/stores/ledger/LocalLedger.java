package com.evalops.stores.ledger;

import com.evalops.stores.storage.AtomicFiles;
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
 * A ledger in one JSON Lines file, {@code <name>.jsonl}, and its signed head beside it, {@code
 * <name>.head.json}. Appends are serialized across threads, instances and processes by {@link
 * FileLocks}; under the lock the instance first reads whatever other writers appended since its
 * last look (the tail), so {@code seq} and {@code prev_sha256} always follow the real last line and
 * no entry is lost or forked. Each append then replaces the head (temporary file, atomic move), so
 * under the lock the head always names the last entry; {@link #verify()} reads both under a shared
 * lock and writes nothing.
 */
public final class LocalLedger<T extends LedgerRecord> implements Ledger<T> {
  private static final byte NEWLINE = '\n';

  private final Path file;
  private final Path headFile;
  private final String name;
  private final LedgerFormat<T> format;
  private final Clock clock;
  private final HeadKeys keys;

  // What this instance knows of the file up to readOffset; read and written only under the lock.
  private long readOffset;
  private final ChainHead<T> head = new ChainHead<>();

  public LocalLedger(Path file, Class<T> contentType, Clock clock, HeadKeys keys) {
    this.file = file.toAbsolutePath().normalize();
    String fileName = this.file.getFileName().toString();
    this.name =
        fileName.contains(".") ? fileName.substring(0, fileName.lastIndexOf('.')) : fileName;
    this.headFile = this.file.resolveSibling(name + ".head.json");
    this.format = new LedgerFormat<>(contentType);
    this.clock = clock;
    this.keys = keys;
  }

  /** The Decision Log in {@code file}, its head signed with the key kept in the same folder. */
  public static LocalLedger<DecisionEntry> decisionLog(Path file) {
    return decisionLog(file, localKeys(file));
  }

  public static LocalLedger<DecisionEntry> decisionLog(Path file, HeadKeys keys) {
    return new LocalLedger<>(file, DecisionEntry.class, Clock.systemUTC(), keys);
  }

  /** The Change Log in {@code file}, its head signed with the key kept in the same folder. */
  public static LocalLedger<ChangeEntry> changeLog(Path file) {
    return changeLog(file, localKeys(file));
  }

  public static LocalLedger<ChangeEntry> changeLog(Path file, HeadKeys keys) {
    return new LocalLedger<>(file, ChangeEntry.class, Clock.systemUTC(), keys);
  }

  /** The key both logs of a folder share when none is configured. */
  public static HeadKeys localKeys(Path ledgerFile) {
    return HeadKeys.local(
        ledgerFile.toAbsolutePath().normalize().resolveSibling(HeadKeys.LOCAL_FILE_NAME));
  }

  @Override
  public LedgerEntry<T> append(T record) {
    Objects.requireNonNull(record.entryId(), "entry_id");
    return FileLocks.withExclusiveLock(
        file,
        channel -> {
          catchUp(channel);
          Optional<byte[]> storedHead = readHead();
          SignedHead.Finding standing =
              SignedHead.check(
                  name,
                  storedHead,
                  headFile.toString(),
                  head.lastSeq(),
                  head::sha256,
                  head.firstAnchored(),
                  keys);
          if (standing.standing() == SignedHead.Standing.BROKEN) {
            throw new IllegalStateException(
                "ledger "
                    + file
                    + " does not match its signed head at seq "
                    + standing.seq()
                    + ": "
                    + standing.text()
                    + "; refusing to append to it, run verify");
          }
          Optional<LedgerEntry<T>> existing = head.find(record.entryId());
          if (existing.isPresent()) {
            // A retry whose first attempt stored the entry but failed before its head.
            if (standing.standing() != SignedHead.Standing.ANCHORED) {
              writeHead();
            }
            return existing.get();
          }
          // A head before the first entry marked anchored: a missing one is then a deleted one.
          if (storedHead.isEmpty()) {
            writeHead();
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
          writeHead();
          return entry;
        });
  }

  private void writeHead() {
    AtomicFiles.write(
        headFile,
        SignedHead.sign(name, head.lastSeq(), head.lastSha256(), keys.signing()).toBytes());
  }

  private Optional<byte[]> readHead() {
    try {
      return Files.exists(headFile) ? Optional.of(Files.readAllBytes(headFile)) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the signed head " + headFile, e);
    }
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

  /** Reads the file and its head without writing anything, so a read-only store verifies. */
  @Override
  public Verification verify() {
    if (!Files.exists(file)) {
      return LedgerFormat.verifyHead(
          Verification.intact(0, LedgerEntry.GENESIS_SHA256),
          List.of(),
          name,
          readHead(),
          headFile.toString(),
          keys);
    }
    return FileLocks.withSharedLock(
        file,
        channel -> {
          Lines lines = completeLines(readFrom(channel, 0));
          Verification chain = LedgerFormat.verifyChain(lines.lines());
          if (!chain.intact()) {
            return chain;
          }
          if (lines.tornTail()) {
            return Verification.broken(
                chain.intactEntries() + 1,
                "the last line has no newline: a writer stopped mid-append or the file was cut");
          }
          return LedgerFormat.verifyHead(
              chain, lines.lines(), name, readHead(), headFile.toString(), keys);
        });
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
