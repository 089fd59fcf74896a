package com.evalops.worker.health;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the engine's last write to each of its stores succeeded. A store whose last write failed
 * (a full or read-only disk, an unreachable bucket) turns the engine's health DOWN, naming it,
 * until a write succeeds again: the engine keeps answering, but an operator learns at once that
 * what it should keep is being lost. Logged once when a store starts failing and once when it
 * recovers.
 */
public final class StoreWrites {
  private static final Logger log = LoggerFactory.getLogger(StoreWrites.class);

  /** The stores, by the names health reports them under. */
  public enum Store {
    REFUSAL_LOG("refusalLog"),
    DECISION_LOG("decisionLog"),
    CHANGE_LOG("changeLog"),
    ARTIFACT_STORE("artifactStore");

    private final String healthName;

    Store(String healthName) {
      this.healthName = healthName;
    }

    public String healthName() {
      return healthName;
    }
  }

  /** Writes failing since {@code since}, {@code count} of them, the last one with {@code error}. */
  public record Failure(Instant since, String where, String error, long count) {}

  private final Map<Store, Failure> failing = new ConcurrentHashMap<>();
  private final Map<Store, Counter> failures = new EnumMap<>(Store.class);
  private final Clock clock;

  public StoreWrites(MeterRegistry meters, Clock clock) {
    this.clock = clock;
    for (Store store : Store.values()) {
      failures.put(
          store,
          Counter.builder("evalops.store.write.failures")
              .description("Writes to an engine store that failed")
              .tag("store", store.healthName())
              .register(meters));
    }
  }

  /** A write to {@code store} at {@code where} (file or object) failed with {@code error}. */
  public void failed(Store store, String where, Throwable error) {
    failures.get(store).increment();
    String text = error.toString();
    Failure now =
        failing.merge(
            store,
            new Failure(clock.instant(), where, text, 1),
            (before, next) -> new Failure(before.since(), where, text, before.count() + 1));
    if (now.count() == 1) {
      log.error(
          "{} cannot be written ({}): {}; engine health is DOWN until a write succeeds",
          store.healthName(),
          where,
          text,
          error);
    }
  }

  public void succeeded(Store store) {
    Failure before = failing.remove(store);
    if (before != null) {
      log.info(
          "{} is written again ({}) after {} failed writes since {}",
          store.healthName(),
          before.where(),
          before.count(),
          before.since());
    }
  }

  public Optional<Failure> failure(Store store) {
    return Optional.ofNullable(failing.get(store));
  }
}
