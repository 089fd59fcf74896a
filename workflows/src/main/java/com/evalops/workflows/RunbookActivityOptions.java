package com.evalops.workflows;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/** Activity options every runbook shares; a runbook adds its own only for its long steps. */
public final class RunbookActivityOptions {

  /** Stores and logs (Decision Log, config store, artifacts): quick, and worth retrying. */
  public static final ActivityOptions STORE =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(2))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(10).build())
          .build();

  /**
   * A check a person waits for (a proposal validated inside its update): a few quick attempts, so a
   * store that is down answers with its error within seconds instead of holding the caller.
   */
  public static final ActivityOptions CHECK =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofMillis(200))
                  .setMaximumAttempts(3)
                  .build())
          .build();

  /** A small cap: an outage of the notification channel must not turn into spam. */
  public static final ActivityOptions NOTIFY =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
          .build();

  private RunbookActivityOptions() {}
}
