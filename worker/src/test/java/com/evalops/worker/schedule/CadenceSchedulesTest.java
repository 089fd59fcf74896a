package com.evalops.worker.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.worker.config.EvalopsProperties;
import com.evalops.workflows.cadence.DailyQaRequest;
import com.evalops.workflows.cadence.MonthlyCalibrationRequest;
import com.evalops.workflows.cadence.WeeklyRegressionRequest;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleCalendarSpec;
import io.temporal.client.schedules.ScheduleRange;
import io.temporal.client.schedules.ScheduleSpec;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CadenceSchedulesTest {
  private static final EvalopsProperties.Schedules DEFAULTS =
      new EvalopsProperties.Schedules(null, null, null, null, null, null, null, null);

  private static final EvalopsProperties.Schedules BERLIN =
      new EvalopsProperties.Schedules(
          ZoneId.of("Europe/Berlin"),
          LocalTime.of(8, 30),
          DayOfWeek.WEDNESDAY,
          LocalTime.of(11, 15),
          LocalTime.of(7, 0),
          "buffer_one",
          Duration.ofMinutes(30),
          "scheduler-bot");

  private final CadenceSchedules defaults = new CadenceSchedules(DEFAULTS, "evalops-runbooks");
  private final CadenceSchedules berlin = new CadenceSchedules(BERLIN, "evalops-runbooks");

  private static ScheduleCalendarSpec only(ScheduleSpec spec) {
    assertEquals(1, spec.getCalendars().size(), "one calendar per cadence");
    return spec.getCalendars().get(0);
  }

  @Test
  void givenDefaults_whenDailySpec_thenNineOClockMondayToFridayUtc() {
    ScheduleSpec spec = defaults.spec(Cadence.DAILY_QA);
    ScheduleCalendarSpec calendar = only(spec);

    assertEquals("UTC", spec.getTimeZoneName());
    assertEquals(List.of(new ScheduleRange(1, 5)), calendar.getDayOfWeek());
    assertEquals(List.of(new ScheduleRange(9)), calendar.getHour());
    assertEquals(List.of(new ScheduleRange(0)), calendar.getMinutes());
    assertEquals(List.of(new ScheduleRange(0)), calendar.getSeconds());
    assertEquals(List.of(new ScheduleRange(1, 31)), calendar.getDayOfMonth(), "any day of month");
  }

  /** Temporal counts weekdays from Sunday = 0: the range 1–5 is Monday to Friday, no weekend. */
  @Test
  void givenDailySpec_whenWeekdaysListed_thenMondayToFridayOnly() {
    ScheduleRange range = only(defaults.spec(Cadence.DAILY_QA)).getDayOfWeek().get(0);
    List<Integer> days = new ArrayList<>();
    for (int d = range.getStart(); d <= range.getEnd(); d += Math.max(1, range.getStep())) {
      days.add(d);
    }
    assertEquals(
        List.of(
            DayOfWeek.MONDAY,
            DayOfWeek.TUESDAY,
            DayOfWeek.WEDNESDAY,
            DayOfWeek.THURSDAY,
            DayOfWeek.FRIDAY),
        days.stream().map(d -> DayOfWeek.of(d == 0 ? 7 : d)).toList());
  }

  @Test
  void givenDefaults_whenWeeklySpec_thenMondayAtTen() {
    ScheduleCalendarSpec calendar = only(defaults.spec(Cadence.WEEKLY_REGRESSION));

    assertEquals(List.of(new ScheduleRange(1)), calendar.getDayOfWeek());
    assertEquals(List.of(new ScheduleRange(10)), calendar.getHour());
    assertEquals(List.of(new ScheduleRange(0)), calendar.getMinutes());
  }

  @Test
  void givenDefaults_whenMonthlySpec_thenTheFirstAtTen() {
    ScheduleCalendarSpec calendar = only(defaults.spec(Cadence.MONTHLY_CALIBRATION));

    assertEquals(List.of(new ScheduleRange(1)), calendar.getDayOfMonth());
    assertEquals(List.of(new ScheduleRange(0, 6)), calendar.getDayOfWeek(), "any weekday");
    assertEquals(List.of(new ScheduleRange(10)), calendar.getHour());
  }

  @Test
  void givenBerlinSettings_whenSpecs_thenZoneDayAndTimesFromConfiguration() {
    ScheduleSpec daily = berlin.spec(Cadence.DAILY_QA);
    ScheduleSpec weekly = berlin.spec(Cadence.WEEKLY_REGRESSION);
    ScheduleSpec monthly = berlin.spec(Cadence.MONTHLY_CALIBRATION);

    assertEquals("Europe/Berlin", daily.getTimeZoneName());
    assertEquals("Europe/Berlin", weekly.getTimeZoneName());
    assertEquals("Europe/Berlin", monthly.getTimeZoneName());
    assertEquals(List.of(new ScheduleRange(8)), only(daily).getHour());
    assertEquals(List.of(new ScheduleRange(30)), only(daily).getMinutes());
    assertEquals(List.of(new ScheduleRange(3)), only(weekly).getDayOfWeek(), "Wednesday");
    assertEquals(List.of(new ScheduleRange(11)), only(weekly).getHour());
    assertEquals(List.of(new ScheduleRange(15)), only(weekly).getMinutes());
    assertEquals(List.of(new ScheduleRange(7)), only(monthly).getHour());
  }

  @Test
  void givenSunday_whenWeeklySpec_thenDayZero() {
    EvalopsProperties.Schedules sunday =
        new EvalopsProperties.Schedules(null, null, DayOfWeek.SUNDAY, null, null, null, null, null);
    assertEquals(
        List.of(new ScheduleRange(0)),
        only(new CadenceSchedules(sunday, "q").spec(Cadence.WEEKLY_REGRESSION)).getDayOfWeek());
  }

  @Test
  void givenSettings_whenPolicy_thenOverlapAndCatchupWindowFromConfiguration() {
    assertEquals(
        ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP, defaults.policy().getOverlap());
    assertEquals(Duration.ofHours(1), defaults.policy().getCatchupWindow());
    assertEquals(
        ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE, berlin.policy().getOverlap());
    assertEquals(Duration.ofMinutes(30), berlin.policy().getCatchupWindow());
  }

  @Test
  void givenCadence_whenSchedule_thenStartsItsWorkflowOnTheTaskQueueWithoutAPeriod() {
    Schedule daily = berlin.schedule(Cadence.DAILY_QA);
    ScheduleActionStartWorkflow action = (ScheduleActionStartWorkflow) daily.getAction();

    assertEquals("DailyQaSampling", action.getWorkflowType());
    assertEquals("evalops-runbooks", action.getOptions().getTaskQueue());
    assertEquals("daily-qa-scheduled", action.getOptions().getWorkflowId());
    DailyQaRequest request = action.getArguments().get(0, DailyQaRequest.class);
    assertNull(request.day());
    assertEquals("Europe/Berlin", request.zone());
    assertEquals("scheduler-bot", request.requestedBy());
    assertEquals(berlin.note(Cadence.DAILY_QA), daily.getState().getNote());
  }

  @Test
  void givenWeeklyAndMonthly_whenRequests_thenNoPeriodAndTheZone() {
    WeeklyRegressionRequest weekly =
        (WeeklyRegressionRequest) berlin.request(Cadence.WEEKLY_REGRESSION);
    MonthlyCalibrationRequest monthly =
        (MonthlyCalibrationRequest) berlin.request(Cadence.MONTHLY_CALIBRATION);

    assertNull(weekly.weekId());
    assertEquals("Europe/Berlin", weekly.zone());
    assertNull(monthly.month());
    assertEquals(0, monthly.windowDays(), "the whole month");
    assertEquals("Europe/Berlin", monthly.zone());
  }

  @Test
  void givenSettings_whenCron_thenSameTimesAsTheSchedules() {
    assertEquals("0 9 * * 1-5", defaults.cron(Cadence.DAILY_QA));
    assertEquals("0 10 * * 1", defaults.cron(Cadence.WEEKLY_REGRESSION));
    assertEquals("0 10 1 * *", defaults.cron(Cadence.MONTHLY_CALIBRATION));
    assertEquals("CRON_TZ=Europe/Berlin 30 8 * * 1-5", berlin.cron(Cadence.DAILY_QA));
    assertEquals("CRON_TZ=Europe/Berlin 15 11 * * 3", berlin.cron(Cadence.WEEKLY_REGRESSION));
    assertEquals("CRON_TZ=Europe/Berlin 0 7 1 * *", berlin.cron(Cadence.MONTHLY_CALIBRATION));
  }

  @Test
  void givenZoneAheadOfUtc_whenUtcCron_thenTimesConvertedAndWeekdaysShiftedAcrossMidnight() {
    Instant winter = Instant.parse("2025-12-15T12:00:00Z");
    assertEquals("30 7 * * 1-5", berlin.utcCron(Cadence.DAILY_QA, winter));
    EvalopsProperties.Schedules tokyo =
        new EvalopsProperties.Schedules(
            ZoneId.of("Asia/Tokyo"),
            LocalTime.of(8, 0),
            null,
            LocalTime.of(6, 0),
            null,
            null,
            null,
            null);
    CadenceSchedules t = new CadenceSchedules(tokyo, "q");
    assertEquals("0 23 * * 0-4", t.utcCron(Cadence.DAILY_QA, winter));
    assertEquals("0 21 * * 0", t.utcCron(Cadence.WEEKLY_REGRESSION, winter), "Monday → Sunday");
    assertEquals("0 9 * * 1-5", defaults.utcCron(Cadence.DAILY_QA, winter));
  }

  @Test
  void givenSameSettings_whenNoted_thenSameDigest_andOtherSettingsChangeIt() {
    CadenceSchedules again = new CadenceSchedules(DEFAULTS, "evalops-runbooks");
    assertEquals(defaults.note(Cadence.DAILY_QA), again.note(Cadence.DAILY_QA));
    assertNotEquals(defaults.note(Cadence.DAILY_QA), berlin.note(Cadence.DAILY_QA));
    assertNotEquals(defaults.note(Cadence.DAILY_QA), defaults.note(Cadence.WEEKLY_REGRESSION));
    assertNotEquals(
        defaults.note(Cadence.DAILY_QA),
        new CadenceSchedules(DEFAULTS, "other-queue").note(Cadence.DAILY_QA));
  }

  @Test
  void givenOverlapPolicyNames_whenBound_thenShortAndFullNamesAccepted_unknownRefused() {
    assertEquals(
        ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL,
        new EvalopsProperties.Schedules(
                null, null, null, null, null, "SCHEDULE_OVERLAP_POLICY_ALLOW_ALL", null, null)
            .overlap());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new EvalopsProperties.Schedules(
                    null, null, null, null, null, "SOMETIMES", null, null));
    assertTrue(e.getMessage().contains("overlap-policy"), e.getMessage());
  }
}
