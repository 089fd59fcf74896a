package com.evalops.worker.api;

import com.evalops.worker.schedule.ScheduleApplier;
import com.evalops.worker.schedule.ScheduleApplyResult;
import com.evalops.workflows.approval.Permission;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code evalops schedules apply}: the three cadences as Temporal Schedules, or, where the server
 * has none, as cron workflows; the answer says which.
 */
@RestController
public class SchedulesController {
  private final ScheduleApplier applier;
  private final HumanActions actions;

  public SchedulesController(ScheduleApplier applier, HumanActions actions) {
    this.applier = applier;
    this.actions = actions;
  }

  @PostMapping("/api/schedules/apply")
  ScheduleApplyResult apply(HttpServletRequest http) {
    actions.authorize(http, null, Permission.APPLY_SCHEDULES);
    return applier.apply();
  }
}
