package com.evalops.workflows.safemode;

import com.evalops.harness.release.ConfigOperation;
import com.evalops.workflows.RunbookActivityOptions;
import com.evalops.workflows.approval.ApprovalBook;
import com.evalops.workflows.approval.ApprovalOutcome;
import com.evalops.workflows.approval.ApprovalPolicy;
import com.evalops.workflows.approval.ApprovalRequest;
import com.evalops.workflows.approval.ApprovalWait;
import com.evalops.workflows.approval.HumanStepRefusals;
import com.evalops.workflows.approval.HumanStepsState;
import com.evalops.workflows.approval.LabelingProgress;
import com.evalops.workflows.approval.RefusalNotice;
import com.evalops.workflows.approval.RequestState;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.approval.SubmitLabelRequest;
import com.evalops.workflows.approval.VoteRequest;
import com.evalops.workflows.audit.DecisionLogActivities;
import com.evalops.workflows.audit.DecisionRecord;
import com.evalops.workflows.audit.Participant;
import com.evalops.workflows.audit.RunbookAudit;
import com.evalops.workflows.audit.RunbookSearchAttributes;
import com.evalops.workflows.config.ConfigReleaseStep;
import com.evalops.workflows.config.HoldState;
import com.evalops.workflows.config.PreparedRelease;
import com.evalops.workflows.config.SafeModeHoldActivities;
import com.evalops.workflows.notify.ApprovalNotice;
import com.evalops.workflows.notify.Notification;
import com.evalops.workflows.notify.NotifierActivities;
import com.evalops.workflows.runbook.EvaluationSettings;
import com.evalops.workflows.runbook.ReleaseGateRun;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The leadership release of an orphaned safe-mode hold. The hold is judged first (activity {@code
 * JudgeSafeModeHold}): a live or unknown hold is refused. An orphaned one is released as the typed
 * change {@code release_safe_mode(scope, holder)} through {@link ConfigReleaseStep}: it lowers
 * safety, so its candidate is evaluated on the golden set first (STOP or INVESTIGATE refuse it) and
 * leadership's M-of-N approves it on its digest; then compare-and-set. One Decision Log entry
 * records the outcome, whichever it is.
 */
public class HoldReleaseWorkflowImpl implements HoldReleaseWorkflow {
  static final String KIND = "safe_mode_release";
  static final String REQUEST = "release";

  private final NotifierActivities notifier =
      Workflow.newActivityStub(NotifierActivities.class, RunbookActivityOptions.NOTIFY);
  private final HoldReleaseRequest request;
  private final ApprovalBook approvals = new ApprovalBook();
  private final List<String> history = new ArrayList<>();
  private final ConfigReleaseStep releases = new ConfigReleaseStep(new Releases());
  private String step = "judging";
  private HoldState hold;
  private String waitingFor;
  private Instant until;
  private String outcome;
  private int gateRuns;

  @WorkflowInit
  public HoldReleaseWorkflowImpl(HoldReleaseRequest request) {
    this.request = request;
  }

  @Override
  public HoldReleaseReport run(HoldReleaseRequest request) {
    Workflow.upsertTypedSearchAttributes(RunbookSearchAttributes.RUNBOOK_KIND.valueSet(KIND));
    String scope = request.scope();
    String holder = request.holder();
    history.add(
        "release of "
            + holder
            + "'s hold on "
            + scope
            + " requested by "
            + request.requestedBy().id()
            + (request.comment().isBlank() ? "" : ": " + request.comment()));
    RunbookAudit.step("asking Temporal whether " + holder + " still runs");
    hold =
        RunbookAudit.activities(
                SafeModeHoldActivities.class,
                RunbookActivityOptions.CHECK,
                "judge the hold of " + holder + " on " + scope)
            .judgeHold(scope, holder);
    history.add("the hold is " + hold.state() + ": " + hold.why());
    if (!hold.orphaned()) {
      return finish(
          "refused",
          null,
          "the hold of "
              + holder
              + " on "
              + scope
              + " is "
              + hold.state()
              + " ("
              + hold.why()
              + "): only an orphaned hold is released here; a live one ends with its own"
              + " runbook's approved exit");
    }
    PreparedRelease prepared =
        releases.prepare(
            REQUEST,
            List.of(ConfigOperation.releaseSafeMode(scope, holder)),
            request.requestedBy().id());
    if (!prepared.valid()) {
      return finish("refused", null, "release refused: " + ConfigReleaseStep.problems(prepared));
    }
    history.add(
        "release prepared: "
            + prepared.change().describe()
            + " on config "
            + prepared.change().baseVersion()
            + " (digest "
            + prepared.digest()
            + ", "
            + prepared.gate()
            + ")");
    ConfigReleaseStep.ReleaseEnd end =
        releases.release(
            prepared, REQUEST, request.requestedBy().id(), request.comment(), "approval");
    if (end.version() != null) {
      Workflow.upsertTypedSearchAttributes(
          RunbookSearchAttributes.CONFIG_VERSION.valueSet(end.version()));
      return finish(
          "released",
          end.version(),
          "released " + holder + "'s orphaned hold on " + scope + " as config " + end.version());
    }
    return finish(end.approversSaidNo() ? "no_change" : "refused", null, end.reason());
  }

  private HoldReleaseReport finish(String result, String version, String reason) {
    step = "done";
    waitingFor = null;
    until = null;
    outcome = result;
    history.add(result + ": " + reason);
    RunbookAudit.step(result + ": " + reason);
    List<Participant> participants = new ArrayList<>();
    participants.add(
        new Participant(
            request.requestedBy().id(),
            roles(request.requestedBy().roles()),
            "requested",
            Instant.ofEpochMilli(Workflow.getInfo().getRunStartedTimestampMillis()),
            request.requestedBy().channel(),
            request.comment()));
    approvals.state().requests().stream()
        .flatMap(r -> r.votes().stream())
        .forEach(
            v ->
                participants.add(
                    new Participant(
                        v.actor().id(),
                        roles(v.actor().roles()),
                        v.approve() ? "approved" : "rejected",
                        v.at(),
                        v.actor().channel(),
                        v.comment())));
    participants.add(Participant.rule(now(), result + ": " + reason));
    long seq =
        RunbookAudit.activities(
                DecisionLogActivities.class,
                RunbookActivityOptions.STORE,
                "decision log: safe-mode release " + request.scope() + ", " + result)
            .recordDecision(
                new DecisionRecord(
                    Workflow.getInfo().getWorkflowId() + "/decision",
                    now(),
                    Workflow.getInfo().getWorkflowId(),
                    KIND,
                    hold == null ? null : hold.state().toUpperCase(java.util.Locale.ROOT),
                    result,
                    participants,
                    List.of(reason),
                    null,
                    null,
                    version,
                    null,
                    null));
    notifier.notify(
        new Notification(
            "decision",
            Workflow.getInfo().getWorkflowId(),
            "oncall",
            "safe-mode release of " + request.holder() + " on " + request.scope() + ": " + result,
            reason));
    Workflow.await(Workflow::isEveryHandlerFinished);
    return new HoldReleaseReport(request.scope(), request.holder(), result, version, reason, seq);
  }

  /** The approval package's one wait loop: reminders, one escalation, expiry as "no change". */
  private ApprovalOutcome awaitVotes(String requestId) {
    ApprovalWait.await(
        approvals,
        requestId,
        0,
        () -> until = approvals.nextWakeUp(requestId, now()),
        (notice, id, roles) ->
            notify(
                notice.kind(),
                Role.audience(roles),
                switch (notice) {
                  case VOTE_COUNTED -> "vote counted on " + id;
                  case REMINDER -> id + " waits for your vote";
                  case ESCALATION -> id + " is still waiting";
                },
                id));
    until = null;
    waitingFor = null;
    ApprovalOutcome result = approvals.outcome(requestId);
    history.add(requestId + " " + result.name().toLowerCase(java.util.Locale.ROOT));
    return result;
  }

  private void notify(String kind, String audience, String title, String requestId) {
    notifier.notify(
        new Notification(
            kind,
            Workflow.getInfo().getWorkflowId(),
            audience,
            title + " (safe-mode release of " + request.holder() + " on " + request.scope() + ")",
            "",
            ApprovalNotice.of(
                Workflow.getInfo().getWorkflowId(), approvals.state(), requestId, null)));
  }

  @Override
  public void validateVote(VoteRequest vote) {
    approvals.validate(vote, now());
  }

  @Override
  public RequestState vote(VoteRequest vote) {
    RequestState state = approvals.apply(vote, now());
    history.add(
        (vote.approve() ? "approve" : "reject")
            + " vote by "
            + vote.actor().id()
            + " via "
            + vote.actor().channel());
    return state;
  }

  @Override
  public void recordRefusal(RefusalNotice notice) {
    approvals.refuse(notice.asVote(), notice.reason(), now());
    history.add(
        "refused "
            + notice.action()
            + " by "
            + (notice.actor() == null ? "unknown" : notice.actor().id())
            + ": "
            + notice.reason());
  }

  @Override
  public void validateSubmitLabel(SubmitLabelRequest label) {
    throw HumanStepRefusals.noLabels("a safe-mode hold release");
  }

  @Override
  public LabelingProgress submitLabel(SubmitLabelRequest label) {
    throw HumanStepRefusals.noLabels("a safe-mode hold release");
  }

  @Override
  public HumanStepsState humanSteps() {
    return HumanStepsState.votes(waitingFor, approvals.state());
  }

  @Override
  public HoldReleaseState state() {
    return new HoldReleaseState(
        request.scope(),
        request.holder(),
        step,
        hold,
        waitingFor,
        until,
        approvals.state(),
        history,
        outcome);
  }

  private static String roles(Set<Role> roles) {
    return roles.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  /** What this runbook brings to the shared release step. */
  private final class Releases implements ConfigReleaseStep.Runbook {
    @Override
    public String releaseOwner() {
      return Workflow.getInfo().getWorkflowId();
    }

    @Override
    public ApprovalBook approvals() {
      return approvals;
    }

    /** Releasing safe mode lowers safety: material by the one rule, so always leadership's. */
    @Override
    public ApprovalPolicy approvalPolicy(boolean leadership) {
      HoldReleaseRequest.Settings s = request.settings();
      return ApprovalPolicy.leadership(
          s.leadershipApprovals(),
          s.approvalDeadline(),
          s.reminderInterval(),
          s.remindersBeforeEscalation());
    }

    @Override
    public String approvalKind(String requestId) {
      return KIND;
    }

    @Override
    public Map<String, String> approvalEvidence() {
      return Map.of(
          "hold", request.holder() + " on " + request.scope(),
          "hold_state", hold.state() + ": " + hold.why());
    }

    @Override
    public void approvalRequested(ApprovalRequest opened, String text) {
      waitingFor = "LEADERSHIP approval of " + opened.requestId();
      notifier.notify(
          new Notification(
              "approval_requested",
              Workflow.getInfo().getWorkflowId(),
              "leadership",
              "approve the release of "
                  + request.holder()
                  + "'s orphaned hold on "
                  + request.scope(),
              text + "; until " + opened.deadline(),
              ApprovalNotice.of(
                  Workflow.getInfo().getWorkflowId(),
                  approvals.state(),
                  opened.requestId(),
                  null)));
    }

    @Override
    public ApprovalOutcome awaitApproval(String requestId) {
      waitingFor = "LEADERSHIP approval of " + requestId;
      return awaitVotes(requestId);
    }

    @Override
    public ConfigReleaseStep.CandidateEvaluation evaluateCandidate(String candidateVersion) {
      String runId = Workflow.getInfo().getWorkflowId() + "-gate-" + (++gateRuns);
      return ReleaseGateRun.evaluate(
          runId,
          KIND,
          request.goldenVersion(),
          candidateVersion,
          request.requestedBy().id(),
          EvaluationSettings.defaults());
    }

    @Override
    public void enterStep(String name) {
      step = name;
    }

    @Override
    public void record(String line) {
      history.add(line);
    }
  }
}
