package com.evalops.worker.schedule;

import com.evalops.worker.config.EvalopsProperties;
import com.evalops.worker.schedule.ScheduleApplyResult.CadenceResult;
import com.evalops.worker.schedule.ScheduleApplyResult.Mode;
import com.evalops.workflows.WorkflowIds;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.client.schedules.ScheduleUpdate;
import io.temporal.common.metadata.POJOWorkflowInterfaceMetadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Creates or updates the three cadences as Temporal Schedules, idempotently: a second apply with
 * the same settings changes nothing and says so. A server without Schedules (the embedded test
 * server answers {@code UNIMPLEMENTED}) is reported, never silently, and the cadences are started
 * as cron workflows with the same times instead, again idempotently.
 */
@Component
public class ScheduleApplier {
  private static final Logger log = LoggerFactory.getLogger(ScheduleApplier.class);

  static final String NO_SCHEDULES =
      "this Temporal server does not support Schedules (the embedded test server); falling back"
          + " to cron workflows";

  private final WorkflowClient client;
  private final ScheduleClient schedules;
  private final CadenceSchedules definitions;
  private final String taskQueue;

  @Autowired
  public ScheduleApplier(WorkflowClient client, EvalopsProperties props) {
    this(
        client,
        ScheduleClient.newInstance(
            client.getWorkflowServiceStubs(),
            ScheduleClientOptions.newBuilder()
                .setNamespace(client.getOptions().getNamespace())
                .setDataConverter(client.getOptions().getDataConverter())
                .setIdentity(client.getOptions().getIdentity())
                .build()),
        new CadenceSchedules(props.schedules(), props.taskQueue()),
        props.taskQueue());
  }

  ScheduleApplier(
      WorkflowClient client,
      ScheduleClient schedules,
      CadenceSchedules definitions,
      String taskQueue) {
    this.client = client;
    this.schedules = schedules;
    this.definitions = definitions;
    this.taskQueue = taskQueue;
  }

  /** Applies every cadence; the result lists, per cadence, the mode and what was done. */
  public ScheduleApplyResult apply() {
    List<CadenceResult> results = new ArrayList<>();
    String notice = null;
    for (Cadence cadence : Cadence.values()) {
      if (notice == null) {
        try {
          results.add(applySchedule(cadence));
          continue;
        } catch (RuntimeException e) {
          if (!unimplemented(e)) {
            throw e;
          }
          notice = NO_SCHEDULES;
        }
      }
      results.add(applyCron(cadence));
    }
    if (notice != null && !"UTC".equals(definitions.zone())) {
      notice +=
          "; its cron knows only UTC, so the "
              + definitions.zone()
              + " times are converted at today's offset (apply again after a daylight-saving"
              + " change)";
    }
    if (notice != null) {
      log.warn("Schedules: {}", notice);
    }
    results.forEach(
        r -> log.info("Schedules: {} {} ({}): {}", r.mode(), r.id(), r.when(), r.action()));
    return new ScheduleApplyResult(notice, results);
  }

  private CadenceResult applySchedule(Cadence cadence) {
    String id = cadence.scheduleId();
    Schedule desired = definitions.schedule(cadence);
    String action;
    try {
      schedules.createSchedule(id, desired, ScheduleOptions.newBuilder().build());
      action = "created";
    } catch (ScheduleAlreadyRunningException e) {
      action = update(schedules.getHandle(id), cadence, desired);
    }
    return new CadenceResult(
        cadence.key(), id, Mode.SCHEDULE, action, definitions.describe(cadence), null);
  }

  /**
   * Replaces spec, action and policy when the definition's digest differs from the one in the
   * schedule's note. A schedule an operator paused stays paused.
   */
  private String update(ScheduleHandle handle, Cadence cadence, Schedule desired) {
    AtomicReference<String> action = new AtomicReference<>("unchanged");
    handle.update(
        input -> {
          Schedule current = input.getDescription().getSchedule();
          ScheduleState state = current.getState();
          if (state != null && definitions.note(cadence).equals(state.getNote())) {
            return null;
          }
          action.set("updated");
          boolean paused = state != null && state.isPaused();
          return new ScheduleUpdate(
              Schedule.newBuilder(desired)
                  .setState(
                      ScheduleState.newBuilder()
                          .setNote(definitions.note(cadence))
                          .setPaused(paused)
                          .build())
                  .build());
        });
    return action.get();
  }

  /**
   * Starts the cadence's cron workflow under its fixed id. One already running with the same cron
   * expression and request is left alone; one with other settings is terminated and started anew,
   * so that the settings in force are the configured ones.
   */
  private CadenceResult applyCron(Cadence cadence) {
    String id = WorkflowIds.cron(cadence.key());
    String cron = definitions.utcCron(cadence, Instant.now());
    Object request = definitions.request(cadence);
    String action;
    try {
      start(cadence, id, cron, request);
      action = "started";
    } catch (WorkflowExecutionAlreadyStarted e) {
      if (sameCron(id, cron, request)) {
        action = "already running";
      } else {
        client
            .newUntypedWorkflowStub(id)
            .terminate("evalops schedules apply: the cadence's settings changed to " + cron);
        start(cadence, id, cron, request);
        action = "replaced";
      }
    }
    return new CadenceResult(
        cadence.key(), id, Mode.CRON, action, definitions.describe(cadence), cron);
  }

  private void start(Cadence cadence, String id, String cron, Object request) {
    WorkflowStub stub =
        client.newUntypedWorkflowStub(
            workflowType(cadence),
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(taskQueue)
                .setCronSchedule(cron)
                .build());
    stub.start(request);
  }

  /** Whether the running cron workflow has this cron expression, task queue and request. */
  private boolean sameCron(String id, String cron, Object request) {
    WorkflowExecutionStartedEventAttributes started =
        client
            .fetchHistory(id)
            .getHistory()
            .getEvents(0)
            .getWorkflowExecutionStartedEventAttributes();
    Optional<Payloads> input = client.getOptions().getDataConverter().toPayloads(request);
    return cron.equals(started.getCronSchedule())
        && taskQueue.equals(started.getTaskQueue().getName())
        && input.map(p -> p.equals(started.getInput())).orElse(!started.hasInput());
  }

  private static String workflowType(Cadence cadence) {
    return POJOWorkflowInterfaceMetadata.newInstance(cadence.workflow())
        .getWorkflowMethod()
        .orElseThrow()
        .getName();
  }

  /** True when the server answered UNIMPLEMENTED, however the SDK wrapped it. */
  static boolean unimplemented(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException status
          && status.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
