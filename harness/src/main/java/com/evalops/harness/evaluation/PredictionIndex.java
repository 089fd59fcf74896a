package com.evalops.harness.evaluation;

import com.evalops.harness.contract.ContractViolation;
import com.evalops.harness.contract.Prediction;
import com.evalops.harness.contract.PredictionFile;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every prediction of a file by ticket id. A large file is indexed as two parts built in parallel;
 * positions run over both parts, the first part's first.
 */
final class PredictionIndex {
  private final Path file;
  private final PredictionPart[] parts;

  private PredictionIndex(Path file, PredictionPart[] parts) {
    this.file = file;
    this.parts = parts;
  }

  static PredictionIndex load(Path file, ProgressListener progress) {
    PredictionPart[] parts = new PredictionPart[2];
    AtomicLong indexed = new AtomicLong();
    PredictionFile.streamInParts(
        file,
        part -> {
          PredictionPart own = new PredictionPart(file);
          parts[part] = own;
          return (prediction, line) -> {
            own.add(prediction, line);
            long done = indexed.incrementAndGet();
            if ((done & 0xFFFF) == 0) {
              progress.progress("indexing predictions", done, -1);
            }
          };
        });
    progress.progress("indexing predictions", indexed.get(), indexed.get());
    return new PredictionIndex(file, parts[1] == null ? new PredictionPart[] {parts[0]} : parts);
  }

  int size() {
    int size = 0;
    for (PredictionPart part : parts) {
      size += part.size();
    }
    return size;
  }

  /** The prediction's position, or -1 when there is none for this ticket. */
  int indexOf(String ticketId) {
    int base = 0;
    for (PredictionPart part : parts) {
      int i = part.indexOf(ticketId);
      if (i >= 0) {
        return base + i;
      }
      base += part.size();
    }
    return -1;
  }

  Prediction get(int i, String ticketId) {
    for (PredictionPart part : parts) {
      if (i < part.size()) {
        return part.get(i, ticketId);
      }
      i -= part.size();
    }
    throw new IndexOutOfBoundsException(i);
  }

  String ticketId(int i) {
    for (PredictionPart part : parts) {
      if (i < part.size()) {
        return part.ticketId(i);
      }
      i -= part.size();
    }
    throw new IndexOutOfBoundsException(i);
  }

  long line(int i) {
    for (PredictionPart part : parts) {
      if (i < part.size()) {
        return part.line(i);
      }
      i -= part.size();
    }
    throw new IndexOutOfBoundsException(i);
  }

  /**
   * Why the prediction at {@code i} was never matched with a ticket: a second prediction for a
   * ticket whose first one sits in the other part of the file, or one for a ticket that is not in
   * {@code ticketsFile} at all.
   */
  ContractViolation unmatched(int i, Path ticketsFile) {
    String id = ticketId(i);
    int first = indexOf(id);
    if (first != i) {
      return new ContractViolation(
          file,
          line(i),
          "ticket_id",
          "\"" + id + "\"",
          "duplicate prediction for this ticket (first on line " + line(first) + ")");
    }
    return new ContractViolation(
        file,
        line(i),
        "ticket_id",
        "\"" + id + "\"",
        "prediction for a ticket that is not in " + ticketsFile);
  }
}
