package com.evalops.stores.ledger;

import com.evalops.stores.storage.S3Location;
import com.evalops.stores.storage.S3Objects;
import com.evalops.stores.storage.SafeNames;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A ledger in S3: one object per entry at {@code <prefix><name>/<seq, 12 digits>.json}, holding
 * exactly the bytes of the matching {@link LocalLedger} line, so both verify alike. Writers in any
 * number of threads and processes append with a conditional PutObject ({@code If-None-Match: *}):
 * of the writers racing for one seq the server lets exactly one create its object, and the others
 * read what it wrote and try the next seq. So {@code seq} and {@code prev_sha256} always follow the
 * real last entry and no entry is lost or forked, without a lock service.
 */
public final class S3Ledger<T extends LedgerRecord> implements Ledger<T> {
  /** Where ledgers live when the configuration names no prefix, beside {@code eval_runs/}. */
  public static final String DEFAULT_PREFIX = "ledgers/";

  // Zero-padded so that key order, which S3 lists in, is seq order.
  private static final Pattern ENTRY_NAME = Pattern.compile("\\d{12}\\.json");
  // Each lost race means another writer appended, so only a flood of writers gets near this.
  private static final int MAX_ATTEMPTS = 1000;

  private final S3Objects objects;
  private final String ledgerPrefix;
  private final LedgerFormat<T> format;
  private final Clock clock;

  // What this instance has read of the chain; used only while holding this instance's monitor.
  private final ChainHead<T> head = new ChainHead<>();

  public S3Ledger(
      S3Client client, S3Location location, String name, Class<T> contentType, Clock clock) {
    this.objects = new S3Objects(client, location.bucket());
    this.ledgerPrefix = location.key(SafeNames.require("ledger name", name) + "/");
    this.format = new LedgerFormat<>(contentType);
    this.clock = clock;
  }

  public static S3Ledger<DecisionEntry> decisionLog(S3Client client, S3Location location) {
    return new S3Ledger<>(client, location, "decision-log", DecisionEntry.class, Clock.systemUTC());
  }

  public static S3Ledger<ChangeEntry> changeLog(S3Client client, S3Location location) {
    return new S3Ledger<>(client, location, "change-log", ChangeEntry.class, Clock.systemUTC());
  }

  /**
   * Tries the seq after the last entry this instance knows first: if that key is still free, no
   * entry was stored since this instance last looked, so the record cannot be there under another
   * seq either, and the append costs one request. Otherwise it reads what others stored (perhaps
   * this very record, from an earlier attempt of the same append) and tries again. Threads sharing
   * this instance take turns; other instances and processes are kept in order by the conditional
   * write.
   */
  @Override
  public synchronized LedgerEntry<T> append(T record) {
    Objects.requireNonNull(record.entryId(), "entry_id");
    // Knowing nothing yet, the key after the head is seq 1, which is free in a ledger whose first
    // entry was deleted; reading first refuses such a ledger instead of filling the gap.
    if (head.lastSeq() == 0) {
      catchUp();
    }
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Optional<LedgerEntry<T>> existing = head.find(record.entryId());
      if (existing.isPresent()) {
        return existing.get();
      }
      LedgerEntry<T> entry = head.next(record, clock.instant());
      byte[] bytes = format.write(entry);
      if (objects.putIfAbsent(key(entry.seq()), bytes)) {
        head.advance(entry, bytes);
        return entry;
      }
      catchUp();
    }
    throw new IllegalStateException(
        "ledger "
            + objects.uri(ledgerPrefix)
            + ": every seq tried in "
            + MAX_ATTEMPTS
            + " attempts was taken by another writer first");
  }

  @Override
  public synchronized Optional<LedgerEntry<T>> find(String entryId) {
    catchUp();
    return head.find(entryId);
  }

  @Override
  public List<LedgerEntry<T>> list() {
    return read(content -> true);
  }

  @Override
  public List<LedgerEntry<T>> read(Predicate<? super T> filter) {
    List<LedgerEntry<T>> entries = new ArrayList<>();
    for (byte[] bytes : storedEntries()) {
      LedgerEntry<T> entry = format.read(bytes);
      if (filter.test(entry.content())) {
        entries.add(entry);
      }
    }
    return entries;
  }

  /** A deleted object shows as a gap in the seqs, an edited one as a hash mismatch. */
  @Override
  public Verification verify() {
    return LedgerFormat.verify(storedEntries());
  }

  /**
   * Reads the entries other writers stored since this instance last looked. An instance that has
   * read nothing yet lists the ledger, so that a deleted entry stops its appends instead of being
   * filled with a different one; after that, asking for the next seq until there is none costs one
   * request when nothing changed. (An entry deleted beyond what this instance has read can still be
   * filled; {@link #verify()} reports that fork.)
   */
  private void catchUp() {
    if (head.lastSeq() == 0) {
      for (String key : objects.keys(ledgerPrefix, null)) {
        if (isEntry(key)) {
          long expected = head.lastSeq() + 1;
          follow(expected, key.equals(key(expected)) ? objects.read(key) : Optional.empty());
        }
      }
    }
    for (Optional<byte[]> next = objects.read(key(head.lastSeq() + 1));
        next.isPresent();
        next = objects.read(key(head.lastSeq() + 1))) {
      follow(head.lastSeq() + 1, next);
    }
  }

  /** Moves the head to the stored entry {@code seq}, which must extend the chain as read so far. */
  private void follow(long seq, Optional<byte[]> bytes) {
    Optional<LedgerEntry<T>> entry = bytes.map(format::read);
    if (entry.isEmpty() || !head.isNext(entry.get())) {
      throw new IllegalStateException(
          "ledger "
              + objects.uri(ledgerPrefix)
              + " is broken at seq "
              + seq
              + " ("
              + objects.uri(key(seq))
              + "); refusing to append to it, run verify");
    }
    head.advance(entry.get(), bytes.get());
  }

  /** Every entry object's bytes in seq order; other objects under the prefix are not entries. */
  private List<byte[]> storedEntries() {
    List<byte[]> entries = new ArrayList<>();
    for (String key : objects.keys(ledgerPrefix, null)) {
      if (isEntry(key)) {
        // Deleted between the listing and this read: the entry is as gone as an unlisted one.
        objects.read(key).ifPresent(entries::add);
      }
    }
    return entries;
  }

  private boolean isEntry(String key) {
    return ENTRY_NAME.matcher(key.substring(ledgerPrefix.length())).matches();
  }

  private String key(long seq) {
    return ledgerPrefix + String.format("%012d.json", seq);
  }
}
