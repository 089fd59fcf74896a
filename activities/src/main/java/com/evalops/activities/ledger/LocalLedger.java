package com.evalops.activities.ledger;

import com.evalops.activities.storage.FileLocks;
import com.evalops.activities.storage.Sha256;
import com.evalops.activities.storage.StorageJson;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
  private static final ObjectMapper JSON = StorageJson.compact();
  private static final byte NEWLINE = '\n';

  private final Path file;
  private final JavaType entryType;
  private final Clock clock;

  // What this instance knows of the file up to readOffset; read and written only under the lock.
  private long readOffset;
  private long lastSeq;
  private String lastSha256 = LedgerEntry.GENESIS_SHA256;
  private final Map<String, LedgerEntry<T>> byEntryId = new HashMap<>();

  public LocalLedger(Path file, Class<T> contentType, Clock clock) {
    this.file = file.toAbsolutePath().normalize();
    this.entryType = JSON.getTypeFactory().constructParametricType(LedgerEntry.class, contentType);
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
          LedgerEntry<T> existing = byEntryId.get(record.entryId());
          if (existing != null) {
            return existing;
          }
          LedgerEntry<T> entry =
              new LedgerEntry<>(lastSeq + 1, lastSha256, clock.instant(), record);
          byte[] line = JSON.writeValueAsBytes(entry);
          ByteBuffer buffer = ByteBuffer.allocate(line.length + 1).put(line).put(NEWLINE).flip();
          long position = readOffset;
          while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
          }
          channel.force(false);
          remember(entry, line);
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
          return Optional.ofNullable(byEntryId.get(entryId));
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
        LedgerEntry<T> entry = JSON.readValue(line, entryType);
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
    String previousSha256 = LedgerEntry.GENESIS_SHA256;
    long expectedSeq = 1;
    for (byte[] line : lines.lines()) {
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (IOException e) {
        return Verification.broken(expectedSeq, "entry " + expectedSeq + " is not valid JSON");
      }
      JsonNode seqNode = node == null ? null : node.get("seq");
      if (seqNode == null || !seqNode.canConvertToExactIntegral()) {
        return Verification.broken(expectedSeq, "entry " + expectedSeq + " has no integral seq");
      }
      long seq = seqNode.asLong();
      if (seq > expectedSeq) {
        return Verification.broken(
            expectedSeq,
            "entry "
                + expectedSeq
                + " is missing: found seq "
                + seq
                + " where "
                + expectedSeq
                + " was expected (entry deleted)");
      }
      if (seq < expectedSeq) {
        return Verification.broken(
            expectedSeq,
            "found seq "
                + seq
                + " where "
                + expectedSeq
                + " was expected (entries reordered or duplicated)");
      }
      JsonNode prev = node.get("prev_sha256");
      if (prev == null || !previousSha256.equals(prev.asText())) {
        if (seq == 1) {
          return Verification.broken(
              1, "entry 1 does not start from the genesis hash " + LedgerEntry.GENESIS_SHA256);
        }
        return Verification.broken(
            seq - 1,
            "entry "
                + (seq - 1)
                + " no longer matches the prev_sha256 recorded by entry "
                + seq
                + ": it was edited after it was written, or entries after it were removed and the"
                + " rest renumbered");
      }
      previousSha256 = Sha256.of(line);
      expectedSeq++;
    }
    long entries = expectedSeq - 1;
    if (lines.tornTail()) {
      return Verification.broken(
          expectedSeq,
          "the last line has no newline: a writer stopped mid-append or the file was cut");
    }
    return Verification.intact(entries, previousSha256);
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
      LedgerEntry<T> entry = JSON.readValue(line, entryType);
      if (entry.seq() != lastSeq + 1 || !lastSha256.equals(entry.prevSha256())) {
        throw new IllegalStateException(
            "ledger "
                + file
                + " is broken at seq "
                + (lastSeq + 1)
                + "; refusing to append to it, run verify");
      }
      remember(entry, line);
      readOffset += line.length + 1;
    }
    if (lines.tornTail()) {
      channel.truncate(readOffset);
    }
  }

  private void remember(LedgerEntry<T> entry, byte[] line) {
    lastSeq = entry.seq();
    lastSha256 = Sha256.of(line);
    byEntryId.putIfAbsent(entry.content().entryId(), entry);
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
