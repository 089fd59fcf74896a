package com.evalops.harness.evaluation;

import com.evalops.harness.contract.ContractViolation;
import com.evalops.harness.contract.Prediction;
import com.evalops.harness.contract.PredictionFile;
import com.evalops.harness.contract.RoutableTicket;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The predictions file routing writes, one JSON object per line in ticket order. Opened for {@link
 * ResumableRouting}, it also hashes what it writes, so a {@link #checkpoint()} can describe the
 * file's content without reading it back.
 */
final class RoutingJournal implements AutoCloseable {
  private static final JsonFactory JSON = new JsonFactory();

  private final Path file;
  private final FileChannel channel;
  private final CountingStream counted;
  private final JsonGenerator json;
  private long routed;

  private RoutingJournal(Path file, FileChannel channel, CountingStream counted, long routed)
      throws IOException {
    this.file = file;
    this.channel = channel;
    this.counted = counted;
    this.routed = routed;
    this.json = JSON.createGenerator(counted);
    json.setRootValueSeparator(null);
  }

  /** A new, empty file; hashed when {@code forCheckpoints}. */
  static RoutingJournal create(Path file, boolean forCheckpoints) {
    try {
      FileChannel channel =
          FileChannel.open(
              file,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING);
      return new RoutingJournal(
          file,
          channel,
          new CountingStream(
              Channels.newOutputStream(channel), forCheckpoints ? newSha256() : null, 0),
          0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * Opens the partial file of {@code routing} after its checkpoint, or, when there is none or the
   * file does not match it, as a new file; tells the listener which.
   */
  static RoutingJournal resume(ResumableRouting routing, List<RoutableTicket> tickets) {
    Path file = routing.partialFile();
    RoutingCheckpoint from = routing.resumeFrom();
    if (from == null) {
      return create(file, true);
    }
    try {
      MessageDigest digest = newSha256();
      long size = Files.isRegularFile(file) ? Files.size(file) : -1;
      String problem = mismatch(file, size, from, tickets, digest);
      if (problem != null) {
        routing.listener().startedOver(problem);
        return create(file, true);
      }
      FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
      channel.position(from.bytes());
      RoutingJournal journal =
          new RoutingJournal(
              file,
              channel,
              new CountingStream(Channels.newOutputStream(channel), digest, from.bytes()),
              from.routed());
      routing.listener().resumed(from, size - from.bytes());
      return journal;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resume " + file, e);
    }
  }

  /**
   * Why the file ({@code size} bytes, -1 when missing) cannot continue from {@code from}, or null
   * when it can: {@code digest} has then read the checkpoint's bytes, and the file is cut back to
   * them, since whatever was written after the checkpoint may end mid-line.
   */
  private static String mismatch(
      Path file,
      long size,
      RoutingCheckpoint from,
      List<RoutableTicket> tickets,
      MessageDigest digest)
      throws IOException {
    if (from.routed() < 0 || from.routed() > tickets.size() || from.bytes() < 0) {
      return "the checkpoint counts "
          + from.routed()
          + " routed tickets in "
          + from.bytes()
          + " bytes, but the run has "
          + tickets.size()
          + " tickets";
    }
    if (size < 0) {
      return "the partial predictions file " + file + " is missing";
    }
    if (size < from.bytes()) {
      return "the partial predictions file "
          + file
          + " holds "
          + size
          + " bytes, fewer than the checkpoint's "
          + from.bytes();
    }
    hashPrefix(file, from.bytes(), digest);
    String sha256 = hex(copy(digest));
    if (!sha256.equals(from.sha256())) {
      return "the first "
          + from.bytes()
          + " bytes of the partial predictions file "
          + file
          + " have SHA-256 "
          + sha256
          + ", not the checkpoint's "
          + from.sha256();
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(from.bytes());
    }
    return ticketOrderMismatch(file, from, tickets);
  }

  /** The checkpoint's bytes must be one prediction for each of its tickets, in ticket order. */
  private static String ticketOrderMismatch(
      Path file, RoutingCheckpoint from, List<RoutableTicket> tickets) {
    if (from.routed() == 0) {
      return from.bytes() == 0 ? null : "the checkpoint counts no tickets in " + from.bytes();
    }
    long[] seen = {0};
    String[] problem = {null};
    try {
      PredictionFile.stream(
          file,
          (prediction, line) -> {
            long i = seen[0]++;
            if (problem[0] == null
                && i < from.routed()
                && !prediction.ticketId().equals(tickets.get((int) i).ticketId())) {
              problem[0] =
                  "line "
                      + line
                      + " of the partial predictions file "
                      + file
                      + " is for ticket "
                      + prediction.ticketId()
                      + ", not "
                      + tickets.get((int) i).ticketId();
            }
          });
    } catch (ContractViolation e) {
      return "the partial predictions file cannot be read: " + e.getMessage();
    }
    if (problem[0] == null && seen[0] != from.routed()) {
      return "the partial predictions file "
          + file
          + " holds "
          + seen[0]
          + " predictions before the checkpoint, not "
          + from.routed();
    }
    return problem[0];
  }

  long routed() {
    return routed;
  }

  void write(Prediction p) {
    try {
      json.writeStartObject();
      json.writeStringField("ticket_id", p.ticketId());
      json.writeStringField("intent", p.intent());
      json.writeStringField("team", p.team());
      json.writeNumberField("tier", p.tier());
      json.writeStringField("template", p.template());
      json.writeNumberField("confidence", p.confidence());
      json.writeBooleanField("automated", p.automated());
      json.writeStringField("prompt_version", p.promptVersion());
      json.writeStringField("model_version", p.modelVersion());
      json.writeEndObject();
      json.writeRaw('\n');
      routed++;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Makes everything written so far durable and describes it. */
  RoutingCheckpoint checkpoint() {
    try {
      json.flush();
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return new RoutingCheckpoint(routed, counted.bytes, hex(copy(counted.digest)));
  }

  @Override
  public void close() {
    try {
      json.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void hashPrefix(Path file, long bytes, MessageDigest digest) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      long left = bytes;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new IOException(file + " ended before byte " + bytes);
        }
        digest.update(buffer, 0, n);
        left -= n;
      }
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The digest of what {@code digest} has read so far, leaving it able to read on. */
  private static byte[] copy(MessageDigest digest) {
    try {
      return ((MessageDigest) digest.clone()).digest();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /** Counts, and when given a digest hashes, every byte on its way to the file. */
  private static final class CountingStream extends FilterOutputStream {
    private final MessageDigest digest;
    private long bytes;

    CountingStream(OutputStream out, MessageDigest digest, long bytes) {
      super(out);
      this.digest = digest;
      this.bytes = bytes;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      if (digest != null) {
        digest.update((byte) b);
      }
      bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      if (digest != null) {
        digest.update(b, off, len);
      }
      bytes += len;
    }
  }
}
