package com.evalops.worker.schedule;

import com.evalops.worker.config.EvalopsProperties;
import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.cadence.DailyQaRequest;
import com.evalops.workflows.cadence.MonthlyCalibrationRequest;
import com.evalops.workflows.cadence.WeeklyRegressionRequest;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleCalendarSpec;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleRange;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * What each cadence's Temporal Schedule is, from {@code evalops.schedules}: daily QA Monday to
 * Friday, the golden-set regression on one weekday, the calibration on the 1st of each month, all
 * at their times in one zone; the same times as cron expressions for servers without Schedules.
 *
 * <p>Every run gets the same request without a day, week or month: the workflow derives it from its
 * start time in the same zone (see {@code CadencePeriods}).
 */
public final class CadenceSchedules {
  /** Temporal numbers weekdays from Sunday = 0, like cron. */
  private static final ScheduleRange MONDAY_TO_FRIDAY = new ScheduleRange(1, 5);

  private static final String NOTE_PREFIX = "managed by evalops schedules apply; definition ";

  private final EvalopsProperties.Schedules settings;
  private final String taskQueue;

  public CadenceSchedules(EvalopsProperties.Schedules settings, String taskQueue) {
    this.settings = settings;
    this.taskQueue = taskQueue;
  }

  /** The zone's IANA id, as the schedule, the cron expression and the workflows read it. */
  public String zone() {
    return settings.timeZone().getId();
  }

  /** When the cadence fires, in {@link #zone()}. */
  public ScheduleSpec spec(Cadence cadence) {
    return ScheduleSpec.newBuilder()
        .setCalendars(List.of(calendar(cadence)))
        .setTimeZoneName(zone())
        .build();
  }

  ScheduleCalendarSpec calendar(Cadence cadence) {
    LocalTime time = time(cadence);
    ScheduleCalendarSpec.Builder calendar =
        ScheduleCalendarSpec.newBuilder()
            .setSeconds(List.of(new ScheduleRange(time.getSecond())))
            .setMinutes(List.of(new ScheduleRange(time.getMinute())))
            .setHour(List.of(new ScheduleRange(time.getHour())));
    return switch (cadence) {
      case DAILY_QA ->
          calendar.setDayOfWeek(List.of(MONDAY_TO_FRIDAY)).setComment("business days").build();
      case WEEKLY_REGRESSION ->
          calendar
              .setDayOfWeek(List.of(new ScheduleRange(cronDay(settings.weeklyDay()))))
              .setComment("every " + settings.weeklyDay())
              .build();
      case MONTHLY_CALIBRATION ->
          calendar
              .setDayOfMonth(List.of(new ScheduleRange(1)))
              .setComment("the 1st of each month")
              .build();
    };
  }

  /** Overlap and catch-up window from the settings; a failed run does not pause the schedule. */
  public SchedulePolicy policy() {
    return SchedulePolicy.newBuilder()
        .setOverlap(settings.overlap())
        .setCatchupWindow(settings.catchupWindow())
        .setPauseOnFailure(false)
        .build();
  }

  /**
   * The whole schedule. Its note carries a digest of this definition, so a second apply can tell
   * "unchanged" from "updated" without comparing what the server normalised.
   */
  public Schedule schedule(Cadence cadence) {
    return Schedule.newBuilder()
        .setAction(
            ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(cadence.workflow())
                .setArguments(request(cadence))
                .setOptions(
                    WorkflowOptions.newBuilder()
                        .setWorkflowId(WorkflowIds.scheduledRun(cadence.key()))
                        .setTaskQueue(taskQueue)
                        .build())
                .build())
        .setSpec(spec(cadence))
        .setPolicy(policy())
        .setState(ScheduleState.newBuilder().setNote(note(cadence)).build())
        .build();
  }

  /**
   * The same times as a cron expression, for servers without Schedules. A zone other than UTC is
   * named with {@code CRON_TZ=}, which Temporal's cron understands.
   */
  public String cron(Cadence cadence) {
    LocalTime time = time(cadence);
    String days =
        switch (cadence) {
          case DAILY_QA -> "* * 1-5";
          case WEEKLY_REGRESSION -> "* * " + cronDay(settings.weeklyDay());
          case MONTHLY_CALIBRATION -> "1 * *";
        };
    String expression = time.getMinute() + " " + time.getHour() + " " + days;
    return "UTC".equals(zone()) ? expression : "CRON_TZ=" + zone() + " " + expression;
  }

  /**
   * The same times as a UTC cron expression, for the embedded test server, whose cron knows neither
   * {@code CRON_TZ=} nor zones. The zone's times are converted at its offset at {@code now}, and
   * weekdays move with a time that crosses midnight; after a daylight-saving change, applying again
   * replaces the cron workflows with the new offset. The monthly run stays on the 1st (UTC): the
   * run derives its month in the zone, so it calibrates the right month either way.
   */
  public String utcCron(Cadence cadence, Instant now) {
    if ("UTC".equals(zone())) {
      return cron(cadence);
    }
    LocalDate today = now.atZone(settings.timeZone()).toLocalDate();
    ZonedDateTime local = ZonedDateTime.of(today, time(cadence), settings.timeZone());
    LocalDateTime utc = local.withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
    int shift = (int) ChronoUnit.DAYS.between(today, utc.toLocalDate());
    String days =
        switch (cadence) {
          case DAILY_QA -> "* * " + (1 + shift) + "-" + (5 + shift);
          case WEEKLY_REGRESSION ->
              "* * " + Math.floorMod(cronDay(settings.weeklyDay()) + shift, 7);
          case MONTHLY_CALIBRATION -> "1 * *";
        };
    return utc.getMinute() + " " + utc.getHour() + " " + days;
  }

  /** What every run is started with: no period (derived at the start), the zone, the requester. */
  public Object request(Cadence cadence) {
    return switch (cadence) {
      case DAILY_QA -> new DailyQaRequest(null, 0, 0L, settings.requestedBy(), null, zone());
      case WEEKLY_REGRESSION ->
          new WeeklyRegressionRequest(null, settings.requestedBy(), null, zone());
      case MONTHLY_CALIBRATION ->
          new MonthlyCalibrationRequest(null, 0, settings.requestedBy(), null, zone());
    };
  }

  /** The schedule's note: who manages it and the digest of its definition. */
  public String note(Cadence cadence) {
    return NOTE_PREFIX + digest(cadence);
  }

  /** Human-readable "when", for the apply report. */
  public String describe(Cadence cadence) {
    LocalTime time = time(cadence);
    String days =
        switch (cadence) {
          case DAILY_QA -> "Monday to Friday";
          case WEEKLY_REGRESSION -> "every " + display(settings.weeklyDay());
          case MONTHLY_CALIBRATION -> "the 1st of each month";
        };
    return days + " at " + time + " " + zone();
  }

  /**
   * A digest over everything that defines the schedule; requests are records, so text is stable.
   */
  String digest(Cadence cadence) {
    String definition =
        String.join(
            "|",
            cadence.scheduleId(),
            cadence.workflow().getName(),
            taskQueue,
            WorkflowIds.scheduledRun(cadence.key()),
            cron(cadence),
            zone(),
            settings.overlap().name(),
            settings.catchupWindow().toString(),
            String.valueOf(request(cadence)));
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(definition.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  private LocalTime time(Cadence cadence) {
    return switch (cadence) {
      case DAILY_QA -> settings.dailyTime();
      case WEEKLY_REGRESSION -> settings.weeklyTime();
      case MONTHLY_CALIBRATION -> settings.monthlyTime();
    };
  }

  /** Sunday = 0 … Saturday = 6, as cron and Temporal calendars count. */
  static int cronDay(DayOfWeek day) {
    return day.getValue() % 7;
  }

  private static String display(DayOfWeek day) {
    String name = day.name().toLowerCase(Locale.ROOT);
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }
}
