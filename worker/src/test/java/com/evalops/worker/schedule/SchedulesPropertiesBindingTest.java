package com.evalops.worker.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.evalops.worker.config.EvalopsProperties;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The schedule settings bind from the text an operator writes in YAML or the environment. */
class SchedulesPropertiesBindingTest {

  @Test
  void givenTextSettings_whenBound_thenTypedSchedules() {
    Map<String, String> source =
        Map.of(
            "evalops.schedules.time-zone", "Europe/Berlin",
            "evalops.schedules.daily-time", "08:30",
            "evalops.schedules.weekly-day", "wednesday",
            "evalops.schedules.weekly-time", "11:15",
            "evalops.schedules.monthly-time", "07:00",
            "evalops.schedules.overlap-policy", "buffer_one",
            "evalops.schedules.catchup-window", "30m",
            "evalops.schedules.requested-by", "scheduler-bot");

    EvalopsProperties.Schedules s =
        new Binder(new MapConfigurationPropertySource(source))
            .bind("evalops", EvalopsProperties.class)
            .get()
            .schedules();

    assertEquals(ZoneId.of("Europe/Berlin"), s.timeZone());
    assertEquals(LocalTime.of(8, 30), s.dailyTime());
    assertEquals(DayOfWeek.WEDNESDAY, s.weeklyDay());
    assertEquals(LocalTime.of(11, 15), s.weeklyTime());
    assertEquals(LocalTime.of(7, 0), s.monthlyTime());
    assertEquals("BUFFER_ONE", s.overlapPolicy());
    assertEquals(Duration.ofMinutes(30), s.catchupWindow());
    assertEquals("scheduler-bot", s.requestedBy());
  }
}
