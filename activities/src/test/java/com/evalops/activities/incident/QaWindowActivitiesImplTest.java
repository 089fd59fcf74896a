package com.evalops.activities.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Naming a QA window: an id that cannot be a workflow id is refused before Temporal is asked; a
 * well-formed id of no run, a scheduled run's included, is "not found", not "invalid".
 */
class QaWindowActivitiesImplTest {
  private TestWorkflowEnvironment env;
  private QaWindowActivitiesImpl windows;

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    env.start();
    windows = new QaWindowActivitiesImpl(env.getWorkflowClient());
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void givenAPathOrBlank_whenNamed_thenInvalidInput() {
    for (String id : new String[] {"../../etc/passwd", "", "daily qa"}) {
      ApplicationFailure refused =
          assertThrows(ApplicationFailure.class, () -> windows.verifyDailyQa(id));
      assertEquals("INVALID_INPUT", refused.getType(), id);
      assertTrue(refused.getOriginalMessage().contains("not a daily QA run id"), id);
    }
  }

  @Test
  void givenAScheduledRunIdThatDoesNotExist_whenNamed_thenNotFound() {
    ApplicationFailure refused =
        assertThrows(
            ApplicationFailure.class,
            () -> windows.verifyDailyQa("daily-qa-scheduled-2025-12-15T09:00:00Z"));

    assertEquals("NOT_FOUND", refused.getType());
    assertTrue(
        refused.getOriginalMessage().contains("no daily QA run daily-qa-scheduled-"),
        refused.getOriginalMessage());
  }
}
