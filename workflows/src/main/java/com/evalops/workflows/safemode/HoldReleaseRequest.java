package com.evalops.workflows.safemode;

import com.evalops.workflows.approval.Actor;
import java.time.Duration;

/**
 * A request to release an orphaned safe-mode hold (config-releases.md §5): the hold of {@code
 * holder} on {@code scope}, which only an approved leadership release removes.
 *
 * @param goldenVersion the golden version the release gate evaluates the candidate on
 * @param settings null means {@link Settings#defaults()}
 */
public record HoldReleaseRequest(
    String scope,
    String holder,
    Actor requestedBy,
    String comment,
    String goldenVersion,
    Settings settings) {

  public HoldReleaseRequest {
    comment = comment == null ? "" : comment;
    settings = settings == null ? Settings.defaults() : settings;
  }

  /**
   * The approval's deadline and numbers.
   *
   * @param leadershipApprovals leaders needed (the release lowers safety: always leadership's)
   */
  public record Settings(
      Duration approvalDeadline,
      Duration reminderInterval,
      int remindersBeforeEscalation,
      int leadershipApprovals) {

    /** A working day, a reminder every four hours, two leaders. */
    public static Settings defaults() {
      return new Settings(Duration.ofHours(24), Duration.ofHours(4), 2, 2);
    }
  }
}
