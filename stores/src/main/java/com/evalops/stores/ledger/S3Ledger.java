package com.evalops.stores.ledger;

import com.evalops.harness.ids.SafeIds;
import com.evalops.stores.storage.ObjectLock;
import com.evalops.stores.storage.S3Location;
import com.evalops.stores.storage.S3Objects;
import com.evalops.stores.storage.S3StorageException;
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
 * exactly the bytes of the matching {@link LocalLedger} line, so both verify alike, and the signed
 * head at {@code <prefix><name>/head.json}. Writers in any number of threads and processes append
 * with a conditional PutObject ({@code If-None-Match: *}): of the writers racing for one seq the
 * server lets exactly one create its object, and the others read what it wrote and try the next
 * seq. So {@code seq} and {@code prev_sha256} always follow the real last entry and no entry is
 * lost or forked, without a lock service. After its entry, a writer moves the head forward by
 * compare-and-set ({@code If-Match} on the head's ETag), so racing writers never move it back. With
 * {@link ObjectLock} retention, each entry object is written under Object Lock and cannot be
 * deleted or overwritten in place until its retain-until date.
 */
public final class S3Ledger<T extends LedgerRecord> implements Ledger<T> {
  /** Where ledgers live when the configuration names no prefix, beside {@code eval_runs/}. */
  public static final String DEFAULT_PREFIX = "ledgers/";

  // Zero-padded so that key order, which S3 lists in, is seq order.
  private static final Pattern ENTRY_NAME = Pattern.compile("\\d{12}\\.json");
  // Each lost race means another writer appended, so only a flood of writers gets near this.
  private static final int MAX_ATTEMPTS = 1000;
  // Each further read follows an append under way, so verify answers after a few.
  private static final int VERIFY_READS = 5;

  private final S3Objects objects;
  private final String name;
  private final String ledgerPrefix;
  private final String headKey;
  private final LedgerFormat<T> format;
  private final Clock clock;
  private final HeadKeys keys;
  private final ObjectLock lock;

  // What this instance has read of the chain; used only while holding this instance's monitor.
  private final ChainHead<T> head = new ChainHead<>();

  /**
   * @throws S3StorageException when {@code lock} asks for retention and the bucket has no Object
   *     Lock (or the server does not support it), naming the bucket and the server's answer
   */
  public S3Ledger(
      S3Client client,
      S3Location location,
      String name,
      Class<T> contentType,
      Clock clock,
      HeadKeys keys,
      ObjectLock lock) {
    this.objects = new S3Objects(client, location.bucket());
    this.name = SafeIds.require("ledger name", name);
    this.ledgerPrefix = location.key(name + "/");
    this.headKey = ledgerPrefix + "head.json";
    this.format = new LedgerFormat<>(contentType);
    this.clock = clock;
    this.keys = keys;
    this.lock = lock;
    if (lock.enabled()) {
      objects.requireObjectLock(lock);
    }
  }

  public static S3Ledger<DecisionEntry> decisionLog(
      S3Client client, S3Location location, HeadKeys keys, ObjectLock lock) {
    return new S3Ledger<>(
        client, location, "decision-log", DecisionEntry.class, Clock.systemUTC(), keys, lock);
  }

  public static S3Ledger<ChangeEntry> changeLog(
      S3Client client, S3Location location, HeadKeys keys, ObjectLock lock) {
    return new S3Ledger<>(
        client, location, "change-log", ChangeEntry.class, Clock.systemUTC(), keys, lock);
  }

  /**
   * Reads the head and the entries it names ({@link #readAnchoredChain()}), then tries the seq
   * after the last entry: if that key is still free the append is done; otherwise it reads what
   * others stored (perhaps this very record, from an earlier attempt of the same append) and tries
   * again. Threads sharing this instance take turns; other instances and processes are kept in
   * order by the conditional writes.
   */
  @Override
  public synchronized LedgerEntry<T> append(T record) {
    Objects.requireNonNull(record.entryId(), "entry_id");
    S3Objects.Tagged storedHead = readAnchoredChain();
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Optional<LedgerEntry<T>> existing = head.find(record.entryId());
      if (existing.isPresent()) {
        anchor(storedHead);
        return existing.get();
      }
      LedgerEntry<T> entry = head.next(record, clock.instant());
      byte[] bytes = format.write(entry);
      if (objects.putIfAbsent(key(entry.seq()), bytes, lock, clock.instant())) {
        head.advance(entry, bytes);
        anchor(storedHead);
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

  /**
   * Reads the head, then catches up on the entries, so every entry the head names has been read (a
   * head is written only after its entry), and refuses a ledger that does not match its head. A
   * ledger without one (new, or written before heads) gets one first, naming its last entry, so no
   * entry marked anchored is ever stored without a head and a missing head is a deleted one.
   *
   * @return the stored head, with the ETag that moving it forward names
   */
  private S3Objects.Tagged readAnchoredChain() {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Optional<S3Objects.Tagged> stored = objects.readTagged(headKey);
      catchUp();
      SignedHead.Finding standing =
          SignedHead.check(
              name,
              stored.map(S3Objects.Tagged::bytes),
              objects.uri(headKey),
              head.lastSeq(),
              head::sha256,
              head.firstAnchored(),
              keys);
      if (standing.standing() == SignedHead.Standing.BROKEN) {
        // Another writer's head, stored between the two reads, can make a sound ledger look
        // broken; only a head that stayed put is the ledger's own.
        if (Objects.equals(eTag(stored), eTag(objects.readTagged(headKey)))) {
          throw new IllegalStateException(
              "ledger "
                  + objects.uri(ledgerPrefix)
                  + " does not match its signed head at seq "
                  + standing.seq()
                  + ": "
                  + standing.text()
                  + "; refusing to append to it, run verify");
        }
      } else if (stored.isPresent()) {
        return stored.get();
      } else {
        objects.replaceIfUnchanged(headKey, signedHead(), null);
      }
    }
    throw new IllegalStateException(
        "ledger "
            + objects.uri(ledgerPrefix)
            + ": its head "
            + objects.uri(headKey)
            + " changed under each of "
            + MAX_ATTEMPTS
            + " reads");
  }

  /**
   * Moves the head to the last entry this instance has read, unless another writer has already
   * moved it as far or further; compare-and-set, so a slow writer never moves it back.
   */
  private void anchor(S3Objects.Tagged stored) {
    long seq = head.lastSeq();
    byte[] signed = signedHead();
    Optional<S3Objects.Tagged> current = Optional.of(stored);
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (current.isPresent() && SignedHead.seqOf(current.get().bytes()) >= seq) {
        return;
      }
      if (objects.replaceIfUnchanged(headKey, signed, eTag(current))) {
        return;
      }
      current = objects.readTagged(headKey);
    }
    throw new IllegalStateException(
        "ledger "
            + objects.uri(ledgerPrefix)
            + ": its head "
            + objects.uri(headKey)
            + " changed under each of "
            + MAX_ATTEMPTS
            + " attempts to move it to seq "
            + seq);
  }

  private byte[] signedHead() {
    return SignedHead.sign(name, head.lastSeq(), head.lastSha256(), keys.signing()).toBytes();
  }

  /** The ETag of a stored head; null when there is none (a conditional write then creates it). */
  private static String eTag(Optional<S3Objects.Tagged> stored) {
    return stored.map(S3Objects.Tagged::eTag).orElse(null);
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

  /**
   * A deleted object shows as a gap in the seqs, an edited one as a hash mismatch, a deleted or
   * edited last one against the signed head. Reads only.
   */
  @Override
  public Verification verify() {
    Verification verification = null;
    for (int attempt = 0; attempt < VERIFY_READS; attempt++) {
      // The head first: every entry it names is stored by then.
      Optional<S3Objects.Tagged> stored = objects.readTagged(headKey);
      List<byte[]> entries = storedEntries();
      Verification chain = LedgerFormat.verifyChain(entries);
      if (!chain.intact()) {
        return chain;
      }
      verification =
          LedgerFormat.verifyHead(
              chain,
              entries,
              name,
              stored.map(S3Objects.Tagged::bytes),
              objects.uri(headKey),
              keys);
      // An append between the two reads can make a sound ledger look broken: read again.
      if (verification.intact()
          || Objects.equals(eTag(stored), eTag(objects.readTagged(headKey)))) {
        return verification;
      }
    }
    return verification;
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
