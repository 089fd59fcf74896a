package com.evalops.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkflowIdsTest {
  @Test
  void givenTwoIncidentsOfOneScope_whenNamed_thenEachHasItsOwnIdUnderTheScopesWorkflowId() {
    String scope = WorkflowIds.regression("Billing");
    String first = WorkflowIds.incident(scope, "44378FC0-1bac-4fb5-822b-21b93024a576");
    String second = WorkflowIds.incident(scope, "d1f2dcd0-1bac-4fb5-822b-21b93024a576");

    assertEquals("regression-billing-44378fc0", first);
    assertNotEquals(first, second);
    assertEquals(
        Optional.of(new WorkflowIds.IncidentRun("regression-billing", "44378fc0")),
        WorkflowIds.incidentRun(first));
  }

  @Test
  void givenAPlainWorkflowId_whenParsedAsAnIncident_thenNothing() {
    assertTrue(WorkflowIds.incidentRun("regression-billing").isEmpty());
    assertTrue(WorkflowIds.incidentRun("regression-payments").isEmpty());
    assertTrue(WorkflowIds.incidentRun("unowned").isEmpty());
  }

  @Test
  void givenEveryScope_whenItsIncidentIsNamed_thenOneIdThatAlarmsAndDecisionsJoin() {
    assertEquals("regression-all", WorkflowIds.regression(WorkflowIds.ALL_SCOPES));
    assertEquals("regression-all", WorkflowIds.regression(" * "));
  }

  @Test
  void givenTwoRunsOfOneMonth_whenNamed_thenEachRunHasItsOwnId() {
    String id = WorkflowIds.monthlyCalibration("2025-12");

    assertEquals(
        "monthly-calibration-2025-12-44378fc0",
        WorkflowIds.uniqueRun(id, "44378FC0-1bac-4fb5-822b-21b93024a576"));
    assertNotEquals(
        WorkflowIds.uniqueRun(id, "44378FC0-1bac"), WorkflowIds.uniqueRun(id, "d1f2dcd0-1bac"));
  }

  @Test
  void givenEveryRunbooksId_whenParsed_thenItNamesThatRunbook() {
    assertEquals(
        Optional.of(RunbookKind.EVALUATION), RunbookKind.of(WorkflowIds.evaluation("run-7")));
    assertEquals(
        Optional.of(RunbookKind.WEEKLY), RunbookKind.of(WorkflowIds.weeklyRegression("2025-W51")));
    assertEquals(Optional.of(RunbookKind.DAILY), RunbookKind.of(WorkflowIds.dailyQa("2025-12-15")));
    assertEquals(
        Optional.of(RunbookKind.MONTHLY),
        RunbookKind.of(WorkflowIds.monthlyCalibration("2025-12")));
    assertEquals(Optional.of(RunbookKind.INCIDENT), RunbookKind.of(WorkflowIds.regression("*")));
    assertEquals(
        Optional.of(RunbookKind.SAFE_MODE_RELEASE),
        RunbookKind.of(WorkflowIds.safeModeRelease("billing", "regression-billing-0badc0de")));
    // A Temporal Schedule names a run by its cadence and nominal time.
    assertEquals(
        Optional.of(RunbookKind.DAILY),
        RunbookKind.of(WorkflowIds.scheduledRun("daily-qa") + "-2025-12-15T09:00:00Z"));
    assertTrue(RunbookKind.of("unowned").isEmpty());
  }
}
