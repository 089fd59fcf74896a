package com.evalops.worker.web;

import com.evalops.stores.config.RouterConfigStore;
import com.evalops.worker.api.ApiException;
import com.evalops.worker.auth.ApiIdentity;
import com.evalops.workflows.RunbookKind;
import com.evalops.workflows.approval.ApprovalOutcome;
import com.evalops.workflows.approval.ApprovalRequest;
import com.evalops.workflows.approval.ApprovalState;
import com.evalops.workflows.approval.ChangeEvidence;
import com.evalops.workflows.approval.HumanStepsState;
import com.evalops.workflows.approval.PendingApproval;
import com.evalops.workflows.approval.Permission;
import com.evalops.workflows.approval.RequestState;
import com.evalops.workflows.cadence.ChangeProposal;
import io.temporal.client.WorkflowNotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Pending approvals with their evidence (verdict, headline metrics against the baseline, Tier 0 and
 * Tier 2 findings, the proposed change as a config diff), and the vote, sent as the workflow's vote
 * update: the same validators as the API and Slack decide who may vote, and when. For a config
 * change the page shows the workflow's own diff and the digest it binds approvals to; the vote
 * sends that digest back, so a change that moved since the page was shown is refused.
 */
@Controller
public class ApprovalsController {
  private static final int FINDINGS_SHOWN = 10;

  private final Runbooks runbooks;
  private final RunReports reports;
  private final RouterConfigStore configs;

  public ApprovalsController(Runbooks runbooks, RunReports reports, RouterConfigStore configs) {
    this.runbooks = runbooks;
    this.reports = reports;
    this.configs = configs;
  }

  @GetMapping("/console/approvals")
  String approvals(
      @RequestParam(required = false) String workflowId, HttpServletRequest request, Model model) {
    ApiIdentity who = ConsoleSession.who(request);
    runbooks.requirePage(who, "approvals", Permission.OPEN_APPROVALS);
    Set<String> ids = new LinkedHashSet<>(runbooks.openIds());
    if (workflowId != null && RunbookKind.of(workflowId).isPresent()) {
      ids.add(workflowId);
    }
    Optional<String> baselineRun = reports.baselineRun();
    Map<String, Object> baseline = baselineRun.flatMap(reports::metrics).orElse(null);
    List<Map<String, Object>> cards = new ArrayList<>();
    for (String id : ids) {
      HumanStepsState steps;
      try {
        steps = runbooks.humanSteps(id);
      } catch (WorkflowNotFoundException e) {
        continue;
      }
      ApprovalState state = steps.approvals();
      if (!steps.takesVotes() || state == null) {
        continue;
      }
      for (PendingApproval pending : state.pending()) {
        RequestState full =
            state.requests().stream()
                .filter(r -> r.request().requestId().equals(pending.requestId()))
                .filter(r -> r.outcome() == ApprovalOutcome.PENDING)
                .findFirst()
                .orElse(null);
        if (full != null) {
          cards.add(card(id, pending, full, who, baselineRun.orElse(null), baseline));
        }
      }
    }
    model.addAttribute("cards", cards);
    model.addAttribute("baselineRun", baselineRun.orElse(null));
    return "console/approvals";
  }

  @PostMapping("/console/approvals/{workflowId}/votes")
  String vote(
      @PathVariable String workflowId,
      @RequestParam String requestId,
      @RequestParam String approve,
      @RequestParam(defaultValue = "") String comment,
      @RequestParam(defaultValue = "") String key,
      @RequestParam(defaultValue = "") String changeDigest,
      @RequestParam(defaultValue = "") String acknowledge,
      HttpServletRequest request,
      RedirectAttributes redirect) {
    ApiIdentity who = ConsoleSession.who(request);
    boolean yes = "true".equals(approve);
    try {
      runbooks.vote(who, workflowId, requestId, yes, comment, key, changeDigest, acknowledge);
      redirect.addFlashAttribute(
          "message",
          (yes ? "Approved " : "Rejected ") + requestId + " of " + workflowId + " as " + who.id());
    } catch (ApiException e) {
      if (e.status() == 403) {
        throw e;
      }
      redirect.addFlashAttribute("refusal", e.getMessage());
    }
    return "redirect:/console/approvals";
  }

  private Map<String, Object> card(
      String workflowId,
      PendingApproval pending,
      RequestState full,
      ApiIdentity who,
      String baselineRun,
      Map<String, Object> baseline) {
    Map<String, Object> card = new LinkedHashMap<>();
    card.put("workflowId", workflowId);
    card.put("requestId", pending.requestId());
    card.put("kind", pending.kind());
    card.put("summary", pending.summary());
    card.put("proposedBy", pending.proposedBy());
    card.put("mine", pending.proposedBy().equals(who.id()));
    card.put(
        "waitingFor",
        pending.waitingFor().stream().map(r -> r.name().toLowerCase()).sorted().toList());
    card.put("stillNeeded", pending.approvalsStillNeeded());
    card.put("until", LabelingController.shown(pending.until()));
    card.put("left", pending.until() == null ? "" : LabelingController.left(pending.until()));
    card.put("votes", pending.votes());
    card.put("evidence", full.request().evidence());
    putChange(
        card,
        full.request(),
        // Display only: a calibration's request bound to no change is shown as its proposal.
        () ->
            RunbookKind.of(workflowId).orElse(null) == RunbookKind.MONTHLY
                ? runbooks.calibrationProposal(workflowId)
                : null,
        configs);
    card.put("key", UUID.randomUUID().toString());
    String reportRun =
        full.request().evidence().values().stream()
            .map(RunReports::runIdOf)
            .flatMap(Optional::stream)
            .filter(reports::exists)
            .findFirst()
            .orElse(null);
    card.put("reportRun", reportRun);
    if (reportRun != null) {
      Map<String, Object> metrics = reports.metrics(reportRun).orElse(Map.of());
      card.put("verdict", metrics.get("verdict"));
      card.put("verdictReasons", metrics.getOrDefault("verdict_reasons", List.of()));
      card.put(
          "headlines", reports.headlines(metrics, reportRun.equals(baselineRun) ? null : baseline));
      card.put("baselineRun", reportRun.equals(baselineRun) ? null : baselineRun);
      card.put("tier0", reports.csv(reportRun, "tier0_report.csv", FINDINGS_SHOWN));
      card.put("tier0Count", reports.csvCount(reportRun, "tier0_report.csv"));
      card.put("tier2", reports.csv(reportRun, "tier2_violations.csv", FINDINGS_SHOWN));
      card.put("tier2Count", reports.csvCount(reportRun, "tier2_violations.csv"));
    }
    return card;
  }

  /**
   * The change as approvers see it: for a request bound to a digest ({@code change}), the
   * workflow's own diff and digest from its evidence, nothing re-derived; otherwise ({@code
   * preview}) a monthly calibration's proposal, or an older request's details, as a diff of the
   * config it was proposed on.
   */
  static void putChange(
      Map<String, Object> card,
      ApprovalRequest request,
      Supplier<ChangeProposal> calibration,
      RouterConfigStore configs) {
    Optional<ChangeEvidence> change = ChangeEvidence.of(request.evidence());
    card.put("change", change.orElse(null));
    if (change.isPresent()) {
      card.put("preview", null);
      return;
    }
    ChangeProposal proposal = calibration.get();
    card.put(
        "preview",
        proposal != null
            ? ProposedChange.of(proposal, configs)
            : ProposedChange.of(request, configs));
  }
}
