package com.evalops.harness.sampling;

import com.evalops.harness.contract.RoutingLogEntry;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Draws the daily review sample from one business day of the routing log (data contract §10).
 *
 * <p>Strata are channel × predicted tier × intent group, where the intent groups are the {@code
 * topIntents} most frequent predicted intents of the day and "other". The sample is allocated in
 * proportion to stratum sizes by the largest-remainder method, with at least one ticket for every
 * non-empty stratum while the sample size allows, and drawn within each stratum by a shuffle seeded
 * from {@code seed}. Entries are sorted by ticket id first, so the same day and seed give the same
 * sample whatever order the log was read in.
 */
public final class StratifiedSampler {
  public static final int DEFAULT_SAMPLE_SIZE = 30;
  public static final int MIN_SAMPLE_SIZE = 20;
  public static final int MAX_SAMPLE_SIZE = 50;
  public static final int DEFAULT_TOP_INTENTS = 5;
  public static final String OTHER_INTENTS = "other";

  private final int sampleSize;
  private final int topIntents;

  public StratifiedSampler() {
    this(DEFAULT_SAMPLE_SIZE, DEFAULT_TOP_INTENTS);
  }

  /**
   * @param sampleSize tickets per day, {@value #MIN_SAMPLE_SIZE}..{@value #MAX_SAMPLE_SIZE}
   * @param topIntents how many of the day's most frequent intents keep a group of their own
   */
  public StratifiedSampler(int sampleSize, int topIntents) {
    if (sampleSize < MIN_SAMPLE_SIZE || sampleSize > MAX_SAMPLE_SIZE) {
      throw new IllegalArgumentException(
          "sample size must be between "
              + MIN_SAMPLE_SIZE
              + " and "
              + MAX_SAMPLE_SIZE
              + " tickets (data contract §10), was "
              + sampleSize);
    }
    if (topIntents < 0) {
      throw new IllegalArgumentException("topIntents must not be negative, was " + topIntents);
    }
    this.sampleSize = sampleSize;
    this.topIntents = topIntents;
  }

  /**
   * The entries created on {@code day} (UTC), in their input order.
   *
   * @throws IllegalArgumentException when {@code day} is a Saturday or Sunday
   */
  public static List<RoutingLogEntry> businessDay(List<RoutingLogEntry> log, LocalDate day) {
    DayOfWeek weekday = day.getDayOfWeek();
    if (weekday == DayOfWeek.SATURDAY || weekday == DayOfWeek.SUNDAY) {
      throw new IllegalArgumentException(
          day + " is a " + weekday + "; a business day is Monday to Friday");
    }
    return log.stream()
        .filter(entry -> entry.createdAt().atZone(ZoneOffset.UTC).toLocalDate().equals(day))
        .toList();
  }

  /**
   * Draws the sample from one day's entries.
   *
   * @throws IllegalArgumentException when two entries share a ticket id
   */
  public DailySample sample(List<RoutingLogEntry> day, long seed) {
    List<RoutingLogEntry> sorted = new ArrayList<>(day);
    sorted.sort(Comparator.comparing(RoutingLogEntry::ticketId));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).ticketId().equals(sorted.get(i - 1).ticketId())) {
        throw new IllegalArgumentException("duplicate ticket_id " + sorted.get(i).ticketId());
      }
    }

    Set<String> grouped = topIntents(sorted);
    TreeMap<String, List<RoutingLogEntry>> strata = new TreeMap<>();
    for (RoutingLogEntry entry : sorted) {
      strata.computeIfAbsent(stratumKey(entry, grouped), key -> new ArrayList<>()).add(entry);
    }

    Map<String, Integer> allocation =
        sorted.size() <= sampleSize
            ? strata.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().size()))
            : allocate(strata, sorted.size());

    Random random = new Random(seed);
    List<String> chosen = new ArrayList<>(Math.min(sampleSize, sorted.size()));
    // Every stratum is shuffled, even an unsampled one, so that one stratum's draw does not
    // depend on which others happen to be sampled.
    for (Map.Entry<String, List<RoutingLogEntry>> stratum : strata.entrySet()) {
      List<RoutingLogEntry> members = new ArrayList<>(stratum.getValue());
      Collections.shuffle(members, random);
      members.stream()
          .limit(allocation.get(stratum.getKey()))
          .map(RoutingLogEntry::ticketId)
          .forEach(chosen::add);
    }
    Collections.sort(chosen);
    return new DailySample(chosen, seed, allocation, sampleSize);
  }

  /** Stratum key: {@code channel|tier<n>|intent group}, e.g. {@code email|tier2|card_eta}. */
  static String stratumKey(RoutingLogEntry entry, Set<String> groupedIntents) {
    String intent = entry.prediction().intent();
    String group = groupedIntents.contains(intent) ? intent : OTHER_INTENTS;
    return entry.channel().wireName() + "|tier" + entry.prediction().tier() + "|" + group;
  }

  /** The most frequent predicted intents; ties go to the alphabetically first intent. */
  private Set<String> topIntents(List<RoutingLogEntry> entries) {
    Map<String, Long> volume =
        entries.stream()
            .collect(Collectors.groupingBy(e -> e.prediction().intent(), Collectors.counting()));
    return volume.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(topIntents)
        .map(Map.Entry::getKey)
        .collect(Collectors.toCollection(HashSet::new));
  }

  /**
   * Largest-remainder allocation of {@code sampleSize} over the strata with a floor of one per
   * stratum. Called only when the day has more entries than the sample, so every stratum's cap (its
   * size) together exceeds the sample and the loops below terminate.
   */
  private Map<String, Integer> allocate(TreeMap<String, List<RoutingLogEntry>> strata, int total) {
    Map<String, Integer> allocation = new TreeMap<>();
    if (strata.size() > sampleSize) {
      // Not every stratum can have one: the largest ones get one each, ties by key.
      List<String> bySize = new ArrayList<>(strata.keySet());
      bySize.sort(
          Comparator.<String>comparingInt(key -> strata.get(key).size())
              .reversed()
              .thenComparing(Comparator.naturalOrder()));
      for (int i = 0; i < bySize.size(); i++) {
        allocation.put(bySize.get(i), i < sampleSize ? 1 : 0);
      }
      return allocation;
    }

    Map<String, Double> quota = new HashMap<>();
    int allocated = 0;
    for (Map.Entry<String, List<RoutingLogEntry>> stratum : strata.entrySet()) {
      double share = (double) sampleSize * stratum.getValue().size() / total;
      quota.put(stratum.getKey(), share);
      int count = Math.max(1, (int) Math.floor(share));
      allocation.put(stratum.getKey(), count);
      allocated += count;
    }

    // Too few: the largest remainders get one more, never beyond a stratum's size.
    Comparator<String> byRemainder =
        Comparator.<String>comparingDouble(key -> quota.get(key) - allocation.get(key))
            .reversed()
            .thenComparing(Comparator.naturalOrder());
    while (allocated < sampleSize) {
      String next =
          strata.keySet().stream()
              .filter(key -> allocation.get(key) < strata.get(key).size())
              .min(byRemainder)
              .orElseThrow();
      allocation.merge(next, 1, Integer::sum);
      allocated++;
    }
    // Too many, because of the floor of one: the most over-allocated give one back, keeping one.
    Comparator<String> byExcess =
        Comparator.<String>comparingDouble(key -> allocation.get(key) - quota.get(key))
            .reversed()
            .thenComparing(Comparator.naturalOrder());
    while (allocated > sampleSize) {
      String next =
          strata.keySet().stream()
              .filter(key -> allocation.get(key) > 1)
              .min(byExcess)
              .orElseThrow();
      allocation.merge(next, -1, Integer::sum);
      allocated--;
    }
    return allocation;
  }
}
