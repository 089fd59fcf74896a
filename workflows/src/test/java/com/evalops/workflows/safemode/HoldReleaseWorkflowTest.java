package com.evalops.workflows.safemode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.harness.contract.RouterConfigFile;
import com.evalops.harness.release.ConfigChange;
import com.evalops.harness.release.ConfigOperation;
import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.approval.VoteRequest;
import com.evalops.workflows.audit.DecisionRecord;
import com.evalops.workflows.config.HoldState;
import com.evalops.workflows.config.InMemoryConfigReleases;
import com.evalops.workflows.config.SafeModeHoldActivities;
import com.evalops.workflows.replay.Histories;
import com.evalops.workflows.runbook.EvaluationRunbookWorkflowImpl;
import com.evalops.workflows.runbook.FakeRunbookActivities;
import com.evalops.workflows.testing.Await;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The leadership release of an orphaned safe-mode hold (config-releases.md §5), with the in-memory
 * release store: only an orphaned hold is released, by leadership's approval of its digest after
 * the release gate, and another holder's hold stays.
 */
class HoldReleaseWorkflowTest {
  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(
              HoldReleaseWorkflowImpl.class, EvaluationRunbookWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  private static final Actor ANA = new Actor("oncall-ana", Set.of(Role.ONCALL), "cli");
  private static final Actor BEN = new Actor("oncall-ben", Set.of(Role.ONCALL), "web");
  private static final Actor LEAD_1 = new Actor("lead-1", Set.of(Role.LEADERSHIP), "slack");
  private static final Actor LEAD_2 = new Actor("lead-2", Set.of(Role.LEADERSHIP), "slack");
  private static final String GONE = "regression-billing-0badc0de";
  private static final String LIVE = "regression-cards-1234abcd";

  private final InMemoryConfigReleases releases =
      new InMemoryConfigReleases(
          RouterConfigFile.load(Path.of("../datasets/demo/configs/router-config-v12.json")));
  private final FakeRunbookActivities runbook = new FakeRunbookActivities("PASS");
  private final Map<String, String> holderStates = new ConcurrentHashMap<>();
  private WorkflowClient client;
  private Worker worker;

  /** Temporal's answer about a holder, as the test sets it. */
  final class Judge implements SafeModeHoldActivities {
    @Override
    public HoldState judgeHold(String scope, String holder) {
      String state = holderStates.getOrDefault(holder, HoldState.ORPHANED);
      return new HoldState(
          scope,
          holder,
          state,
          HoldState.LIVE.equals(state) ? "runbook running" : "runbook failed without releasing");
    }
  }

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    this.client = client;
    this.worker = worker;
    FakeRunbookActivities.registerSearchAttributes(env);
    worker.registerActivitiesImplementations(releases, runbook, new Judge());
    env.start();
    releases.land(
        new ConfigChange(null, java.util.List.of(ConfigOperation.holdSafeMode("billing", GONE))),
        "billing incident");
    releases.land(
        new ConfigChange(null, java.util.List.of(ConfigOperation.holdSafeMode("cards", LIVE))),
        "cards incident");
    holderStates.put(LIVE, HoldState.LIVE);
  }

  @Test
  void givenAnOrphanedHold_whenTwoLeadersApproveItsDigest_thenOnlyThatHoldIsReleased() {
    HoldReleaseWorkflow release = start("billing", GONE, ANA);
    HoldReleaseState asked =
        await(release, s -> "approval".equals(s.step()) && !s.approvals().pending().isEmpty());
    String digest = asked.approvals().requests().get(0).request().evidence().get("change_digest");

    String byOncall =
        refused(() -> release.vote(new VoteRequest("release", BEN, true, "ok", null)));
    release.vote(new VoteRequest("release", LEAD_1, true, "incident failed", null, digest, ""));
    release.vote(new VoteRequest("release", LEAD_2, true, "agreed", null, digest, ""));
    HoldReleaseReport report = WorkflowStub.fromTyped(release).getResult(HoldReleaseReport.class);

    Histories.recordIfAsked(client, WorkflowIds.safeModeRelease("billing", GONE));
    assertTrue(byOncall.contains("LEADERSHIP"), byOncall);
    assertEquals("released", report.outcome(), report.reason());
    assertEquals(Set.of("cards"), releases.current().safeModeScopes().keySet());
    assertTrue(releases.current().routeOnly("card_not_working", "cards"));
    assertFalse(releases.current().routeOnly("fee_schedule", "billing"));
    assertTrue(
        releases
            .changeLog
            .get(releases.changeLog.size() - 1)
            .endsWith("release_safe_mode(billing, " + GONE + ")"),
        releases.changeLog.toString());
    assertTrue(
        runbook.harnessRequests.stream()
            .anyMatch(
                r -> r.runId().equals(WorkflowIds.safeModeRelease("billing", GONE) + "-gate-1")),
        "the candidate was not evaluated before it shipped");
    DecisionRecord logged = runbook.decisions.get(runbook.decisions.size() - 1);
    assertEquals("safe_mode_release", logged.runbookKind());
    assertEquals("released", logged.decision());
    assertEquals(report.configVersion(), logged.appliedConfigVersion());
    assertTrue(
        logged.participants().stream().anyMatch(p -> p.actor().equals("lead-2")),
        logged.participants().toString());
  }

  @Test
  void givenALiveHold_whenAReleaseIsRequested_thenRefusedAndNothingChanges() {
    String before = releases.inForce();

    HoldReleaseReport report =
        WorkflowStub.fromTyped(start("cards", LIVE, LEAD_1)).getResult(HoldReleaseReport.class);

    assertEquals("refused", report.outcome());
    assertTrue(report.reason().contains("is live (runbook running)"), report.reason());
    assertNull(report.configVersion());
    assertEquals(before, releases.inForce());
    assertEquals("refused", runbook.decisions.get(runbook.decisions.size() - 1).decision());
  }

  @Test
  void givenAnOrphanedHold_whenALeaderRejects_thenNoChangeAndTheHoldStays() {
    HoldReleaseWorkflow release = start("billing", GONE, ANA);
    await(release, s -> "approval".equals(s.step()) && !s.approvals().pending().isEmpty());

    release.vote(new VoteRequest("release", LEAD_1, false, "keep it until we know", null));
    HoldReleaseReport report = WorkflowStub.fromTyped(release).getResult(HoldReleaseReport.class);

    assertEquals("no_change", report.outcome());
    assertTrue(releases.current().routeOnly("fee_schedule", "billing"));
  }

  private HoldReleaseWorkflow start(String scope, String holder, Actor by) {
    HoldReleaseWorkflow release =
        client.newWorkflowStub(
            HoldReleaseWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.safeModeRelease(scope, holder))
                .setTaskQueue(worker.getTaskQueue())
                .build());
    WorkflowClient.start(
        release::run, new HoldReleaseRequest(scope, holder, by, "its incident failed", "v2", null));
    return release;
  }

  private static String refused(org.junit.jupiter.api.function.Executable update) {
    WorkflowUpdateException e = assertThrows(WorkflowUpdateException.class, update);
    return String.valueOf(e.getCause().getMessage());
  }

  /** The workflow runs on its own; wait (in wall-clock time) until its state satisfies a test. */
  private static HoldReleaseState await(
      HoldReleaseWorkflow release, Predicate<HoldReleaseState> reached) {
    return Await.until("the release's expected state", release::state, reached);
  }
}
