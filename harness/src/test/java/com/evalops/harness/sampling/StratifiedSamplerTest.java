package com.evalops.harness.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.harness.contract.Channel;
import com.evalops.harness.contract.Prediction;
import com.evalops.harness.contract.RoutingLogEntry;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StratifiedSamplerTest {
  private static final Instant MONDAY = Instant.parse("2025-12-01T09:00:00Z");

  @Test
  void givenABusyDay_whenSampled_thenAllocationSumsToTheRequestedSize() {
    List<RoutingLogEntry> day = mixedDay(600, 3);

    DailySample sample = new StratifiedSampler().sample(day, 11);

    assertEquals(30, sample.requested());
    assertEquals(30, sample.ticketIds().size());
    assertEquals(30, sample.allocation().values().stream().mapToInt(Integer::intValue).sum());
    assertEquals(30, new HashSet<>(sample.ticketIds()).size());
    Set<String> dayIds = day.stream().map(RoutingLogEntry::ticketId).collect(Collectors.toSet());
    assertTrue(dayIds.containsAll(sample.ticketIds()));
  }

  @Test
  void givenTwoStrata_whenSampled_thenAllocationIsProportional() {
    List<RoutingLogEntry> day = new ArrayList<>();
    day.addAll(stratum("a", 300, Channel.EMAIL, 1, "refund_request"));
    day.addAll(stratum("b", 100, Channel.LIVECHAT, 2, "card_delivery_eta"));

    DailySample sample = new StratifiedSampler(20, 5).sample(day, 1);

    assertEquals(
        Map.of("email|tier1|refund_request", 15, "livechat|tier2|card_delivery_eta", 5),
        sample.allocation());
    assertEquals(15, sample.ticketIds().stream().filter(id -> id.startsWith("a")).count());
  }

  @Test
  void givenUnevenRemainders_whenSampled_thenLargestRemaindersGetTheExtraTickets() {
    List<RoutingLogEntry> day = new ArrayList<>();
    // Quotas for 20 of 100: 9.4, 6.6, 4.0 → floors 9, 6, 4; the one left goes to 6.6.
    day.addAll(stratum("a", 47, Channel.EMAIL, 1, "refund_request"));
    day.addAll(stratum("b", 33, Channel.EMAIL, 2, "card_delivery_eta"));
    day.addAll(stratum("c", 20, Channel.LIVECHAT, 0, "fraud_report"));

    DailySample sample = new StratifiedSampler(20, 5).sample(day, 1);

    assertEquals(
        Map.of(
            "email|tier1|refund_request", 9,
            "email|tier2|card_delivery_eta", 7,
            "livechat|tier0|fraud_report", 4),
        sample.allocation());
  }

  @Test
  void givenTinyStrata_whenSampled_thenEachStillGetsOneTicket() {
    List<RoutingLogEntry> day = new ArrayList<>();
    day.addAll(stratum("a", 990, Channel.EMAIL, 1, "refund_request"));
    day.addAll(stratum("b", 5, Channel.LIVECHAT, 0, "fraud_report"));
    day.addAll(stratum("c", 5, Channel.EMAIL, 2, "card_delivery_eta"));

    DailySample sample = new StratifiedSampler(20, 5).sample(day, 1);

    assertEquals(
        Map.of(
            "email|tier1|refund_request", 18,
            "livechat|tier0|fraud_report", 1,
            "email|tier2|card_delivery_eta", 1),
        sample.allocation());
    assertEquals(20, sample.ticketIds().size());
  }

  @Test
  void givenMoreStrataThanTickets_whenSampled_thenTheLargestStrataGetOneEach() {
    List<RoutingLogEntry> day = new ArrayList<>();
    // 6 intent groups × 2 channels × 3 tiers = 36 strata, of sizes 2..37.
    List<String> intents = List.of("i1", "i2", "i3", "i4", "i5", "i6");
    int size = 2;
    for (String intent : intents) {
      for (Channel channel : Channel.values()) {
        for (int tier = 0; tier <= 2; tier++) {
          day.addAll(stratum(intent + channel + tier, size++, channel, tier, intent));
        }
      }
    }

    DailySample sample = new StratifiedSampler(20, 6).sample(day, 1);

    assertEquals(36, sample.allocation().size());
    assertEquals(20, sample.allocation().values().stream().filter(n -> n == 1).count());
    assertEquals(16, sample.allocation().values().stream().filter(n -> n == 0).count());
    // The 20 largest strata are the last 20 built (livechat before email): i3 email tier 1 onwards.
    assertEquals(1, sample.allocation().get("email|tier1|i3"));
    assertEquals(0, sample.allocation().get("email|tier0|i3"));
    assertEquals(1, sample.allocation().get("email|tier2|i6"));
    assertEquals(20, sample.ticketIds().size());
  }

  @Test
  void givenManyIntents_whenSampled_thenOnlyTheTopOnesKeepTheirOwnGroup() {
    List<RoutingLogEntry> day = new ArrayList<>();
    day.addAll(stratum("a", 50, Channel.EMAIL, 1, "top1"));
    day.addAll(stratum("b", 40, Channel.EMAIL, 1, "top2"));
    day.addAll(stratum("c", 3, Channel.EMAIL, 1, "rare1"));
    day.addAll(stratum("d", 2, Channel.EMAIL, 1, "rare2"));

    DailySample sample = new StratifiedSampler(20, 2).sample(day, 1);

    assertEquals(
        Set.of("email|tier1|top1", "email|tier1|top2", "email|tier1|other"),
        sample.allocation().keySet());
  }

  @Test
  void givenTheSameDayAndSeed_whenSampledTwice_thenTheSamplesAreEqual() {
    List<RoutingLogEntry> day = mixedDay(500, 5);

    assertEquals(new StratifiedSampler().sample(day, 42), new StratifiedSampler().sample(day, 42));
  }

  @Test
  void givenAnotherSeed_whenSampled_thenTheTicketsDifferButNotTheAllocation() {
    List<RoutingLogEntry> day = mixedDay(500, 5);

    DailySample first = new StratifiedSampler().sample(day, 42);
    DailySample second = new StratifiedSampler().sample(day, 43);

    assertNotEquals(first.ticketIds(), second.ticketIds());
    assertEquals(first.allocation(), second.allocation());
    assertEquals(43, second.seed());
  }

  @Test
  void givenTheDayInAnotherOrder_whenSampled_thenTheSampleIsTheSame() {
    List<RoutingLogEntry> day = mixedDay(500, 5);
    List<RoutingLogEntry> shuffled = new ArrayList<>(day);
    Collections.shuffle(shuffled, new Random(3));

    assertEquals(
        new StratifiedSampler().sample(day, 7), new StratifiedSampler().sample(shuffled, 7));
  }

  @Test
  void givenASmallDay_whenSampled_thenEveryTicketIsTaken() {
    List<RoutingLogEntry> day = mixedDay(12, 5);

    DailySample sample = new StratifiedSampler().sample(day, 7);

    assertEquals(12, sample.ticketIds().size());
    assertEquals(30, sample.requested());
    assertEquals(12, sample.allocation().values().stream().mapToInt(Integer::intValue).sum());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 19, 51, 100})
  void givenASampleSizeOutsideTheContract_whenCreated_thenRejectedNamingTheRange(int size) {
    IllegalArgumentException failure =
        assertThrows(IllegalArgumentException.class, () -> new StratifiedSampler(size, 5));

    assertTrue(failure.getMessage().contains("between 20 and 50"), failure.getMessage());
    assertTrue(failure.getMessage().contains("was " + size), failure.getMessage());
  }

  @Test
  void givenADuplicateTicketId_whenSampled_thenRejected() {
    List<RoutingLogEntry> day = new ArrayList<>(stratum("a", 30, Channel.EMAIL, 1, "x"));
    day.add(day.get(0));

    IllegalArgumentException failure =
        assertThrows(IllegalArgumentException.class, () -> new StratifiedSampler().sample(day, 1));
    assertTrue(failure.getMessage().contains("a-0"), failure.getMessage());
  }

  @Test
  void givenALogOfSeveralDays_whenABusinessDayIsSelected_thenOnlyItsUtcEntriesRemain() {
    List<RoutingLogEntry> log =
        List.of(
            entry("sun-late", Instant.parse("2025-11-30T23:59:59Z"), Channel.EMAIL, 1, "x"),
            entry("mon-early", Instant.parse("2025-12-01T00:00:00Z"), Channel.EMAIL, 1, "x"),
            entry("mon-late", Instant.parse("2025-12-01T23:59:59Z"), Channel.EMAIL, 1, "x"),
            entry("tue", Instant.parse("2025-12-02T00:00:00Z"), Channel.EMAIL, 1, "x"));

    List<RoutingLogEntry> monday = StratifiedSampler.businessDay(log, LocalDate.of(2025, 12, 1));

    assertEquals(
        List.of("mon-early", "mon-late"), monday.stream().map(RoutingLogEntry::ticketId).toList());
  }

  @Test
  void givenAWeekendDay_whenSelected_thenRejected() {
    IllegalArgumentException failure =
        assertThrows(
            IllegalArgumentException.class,
            () -> StratifiedSampler.businessDay(List.of(), LocalDate.of(2025, 11, 30)));
    assertTrue(failure.getMessage().contains("SUNDAY"), failure.getMessage());
  }

  /** A day spread over both channels, all tiers and {@code intents} intents, unevenly. */
  private static List<RoutingLogEntry> mixedDay(int count, int intents) {
    Random random = new Random(99);
    List<RoutingLogEntry> day = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Channel channel = random.nextInt(3) == 0 ? Channel.LIVECHAT : Channel.EMAIL;
      int tier = random.nextInt(10) < 6 ? 1 : random.nextInt(2) * 2;
      String intent = "intent" + Math.min(intents - 1, (int) Math.abs(random.nextGaussian() * 2));
      day.add(entry(String.format("T-%05d", i), MONDAY.plusSeconds(i), channel, tier, intent));
    }
    return day;
  }

  private static List<RoutingLogEntry> stratum(
      String prefix, int count, Channel channel, int tier, String intent) {
    List<RoutingLogEntry> entries = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      entries.add(entry(prefix + "-" + i, MONDAY.plusSeconds(i), channel, tier, intent));
    }
    return entries;
  }

  private static RoutingLogEntry entry(
      String ticketId, Instant createdAt, Channel channel, int tier, String intent) {
    Prediction prediction =
        new Prediction(ticketId, intent, "team", tier, null, 0.9, false, "p7", "m3");
    return new RoutingLogEntry(ticketId, createdAt, channel, "text", prediction, null, null);
  }
}
