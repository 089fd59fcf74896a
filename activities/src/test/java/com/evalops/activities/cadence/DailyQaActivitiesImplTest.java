package com.evalops.activities.cadence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.harness.contract.RoutingLogEntry;
import com.evalops.harness.contract.RoutingLogFile;
import com.evalops.workflows.cadence.DailyQaActivities;
import com.evalops.workflows.cadence.QaSample;
import com.evalops.workflows.cadence.SampleQuery;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Daily QA sampling on the demo routing log (2025-12-08..2025-12-21). */
class DailyQaActivitiesImplTest {
  static final Path ROUTING_LOG =
      Path.of(System.getProperty("evalops.repo.root", ".."))
          .resolve("datasets/demo/routing-log.jsonl");
  private static final String MONDAY = "2025-12-15";
  private static final String SATURDAY = "2025-12-13";
  private static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\\.[A-Za-z]");

  @TempDir Path data;
  private TestActivityEnvironment env;
  private DailyQaActivities activities;

  @BeforeEach
  void setUp() {
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(
        new DailyQaActivitiesImpl(new DailyQaFiles(ROUTING_LOG, data.resolve("daily-qa"))));
    // Up to three attempts, as the workflow allows: a non-retryable failure must stop at one.
    activities =
        env.newActivityStub(
            DailyQaActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
                .build());
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void givenWeekday_whenSampled_thenThirtyTicketsOfThatDay() throws Exception {
    QaSample sample = activities.drawSample(new SampleQuery(MONDAY, 30, 42L));

    assertEquals(30, sample.ticketIds().size());
    assertTrue(sample.ticketIds().stream().allMatch(id -> id.startsWith("RL-20251215-")));
    assertEquals(30, sample.allocation().values().stream().mapToInt(Integer::intValue).sum());
    assertEquals(Set.copyOf(sample.ticketIds()), sample.predictedIntents().keySet());
    assertEquals(64, sample.sourceSha256().length());
    assertEquals(30, Files.lines(Path.of(URI.create(sample.ref()))).count());
  }

  @Test
  void givenSameSeed_whenSampledAgain_thenSameSample() {
    QaSample first = activities.drawSample(new SampleQuery(MONDAY, 30, 42L));
    QaSample again = activities.drawSample(new SampleQuery(MONDAY, 30, 42L));

    assertEquals(first, again);
  }

  @Test
  void givenDifferentSeed_whenSampled_thenDifferentTickets() {
    QaSample first = activities.drawSample(new SampleQuery(MONDAY, 30, 42L));
    QaSample other = activities.drawSample(new SampleQuery(MONDAY, 30, 43L));

    assertNotEquals(first.ticketIds(), other.ticketIds());
    assertEquals(first.allocation(), other.allocation(), "the strata do not depend on the seed");
  }

  @Test
  void givenWeekendDay_whenSampled_thenInvalidInputWithoutRetry() {
    ActivityFailure e =
        assertThrows(
            ActivityFailure.class, () -> activities.drawSample(new SampleQuery(SATURDAY, 30, 42L)));

    ApplicationFailure cause = (ApplicationFailure) e.getCause();
    assertEquals("INVALID_INPUT", cause.getType());
    assertTrue(cause.isNonRetryable());
    assertTrue(cause.getOriginalMessage().contains("SATURDAY"), cause.getOriginalMessage());
    assertFalse(Files.exists(data.resolve("daily-qa").resolve(SATURDAY)));
  }

  @Test
  void givenSampleSizeOutsideTheContract_whenSampled_thenInvalidInput() {
    ActivityFailure e =
        assertThrows(
            ActivityFailure.class, () -> activities.drawSample(new SampleQuery(MONDAY, 60, 42L)));

    assertEquals("INVALID_INPUT", ((ApplicationFailure) e.getCause()).getType());
  }

  @Test
  void givenTicketsWithEmailAddresses_whenSampled_thenSampleFileHasNone() throws Exception {
    QaSample sample = activities.drawSample(new SampleQuery(MONDAY, 50, 42L));

    List<RoutingLogEntry> originals = new ArrayList<>();
    RoutingLogFile.stream(
        ROUTING_LOG,
        (entry, line) -> {
          if (sample.ticketIds().contains(entry.ticketId())) {
            originals.add(entry);
          }
        });
    assertTrue(
        originals.stream().anyMatch(e -> EMAIL.matcher(e.text()).find()),
        "the seed must pick tickets with e-mail addresses for this test to mean something");
    String written = Files.readString(Path.of(URI.create(sample.ref())));
    assertFalse(EMAIL.matcher(written).find(), written);
    assertTrue(written.contains("[EMAIL]"));
    assertFalse(written.contains("\"intent\":null"));
  }
}
