package com.evalops.worker.web;

import com.evalops.worker.api.ApiException;
import com.evalops.worker.api.SampleTickets;
import com.evalops.worker.auth.ApiIdentity;
import com.evalops.workflows.approval.HumanStepsState;
import com.evalops.workflows.approval.Label;
import com.evalops.workflows.approval.LabelingState;
import com.evalops.workflows.approval.Permission;
import io.temporal.client.WorkflowNotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The labeling queue: one sampled ticket at a time (sanitized), the router's answer, and the
 * labeler's answer sent as the workflow's label update; a refusal comes back with the validator's
 * reason.
 */
@Controller
public class LabelingController {
  private final Runbooks runbooks;
  private final Taxonomies taxonomies;

  public LabelingController(Runbooks runbooks, Taxonomies taxonomies) {
    this.runbooks = runbooks;
    this.taxonomies = taxonomies;
  }

  @GetMapping("/console/labeling")
  String queues(HttpServletRequest request, Model model) {
    runbooks.requirePage(
        ConsoleSession.who(request), "labeling queue", Permission.READ_LABELING_QUEUE);
    List<Map<String, Object>> queues = new ArrayList<>();
    for (Map.Entry<String, LabelingState> open : runbooks.labelingOpen().entrySet()) {
      LabelingState labeling = open.getValue();
      Map<String, Object> q = new LinkedHashMap<>();
      q.put("workflowId", open.getKey());
      q.put("sampleId", labeling.sample().sampleId());
      q.put("size", labeling.progress().sampleSize());
      q.put("labeled", labeling.progress().labeledTickets());
      q.put("deadline", shown(labeling.sample().deadline()));
      q.put("left", left(labeling.sample().deadline()));
      queues.add(q);
    }
    model.addAttribute("queues", queues);
    return "console/labeling-queues";
  }

  @GetMapping("/console/labeling/{workflowId}")
  String queue(
      @PathVariable String workflowId,
      @RequestParam(required = false) String ticket,
      HttpServletRequest request,
      Model model) {
    ApiIdentity who = ConsoleSession.who(request);
    runbooks.requirePage(who, "labeling queue", Permission.READ_LABELING_QUEUE);
    HumanStepsState steps;
    try {
      steps = runbooks.labeling(workflowId);
    } catch (WorkflowNotFoundException e) {
      throw ApiException.notFound("no runbook " + workflowId);
    }
    LabelingState labeling = steps.labeling();
    model.addAttribute("workflowId", workflowId);
    if (labeling == null) {
      model.addAttribute("notYet", true);
      return "console/labeling";
    }
    Set<String> labeled =
        labeling.labels().stream().map(l -> l.submitted().ticketId()).collect(Collectors.toSet());
    Set<String> mine =
        labeling.labels().stream()
            .filter(l -> l.submitted().actor().id().equals(who.id()))
            .map(l -> l.submitted().ticketId())
            .collect(Collectors.toSet());
    List<String> ids = labeling.sample().ticketIds();
    List<String> remaining = ids.stream().filter(id -> !labeled.contains(id)).toList();
    String current =
        ticket != null && ids.contains(ticket)
            ? ticket
            : remaining.isEmpty() ? null : remaining.get(0);
    Map<String, Map<String, Object>> byId = SampleTickets.read(steps.sampleRef());
    List<Map<String, Object>> tickets = new ArrayList<>();
    for (String id : ids) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("id", id);
      t.put("labeled", labeled.contains(id));
      t.put("mine", mine.contains(id));
      t.put("current", id.equals(current));
      tickets.add(t);
    }
    model.addAttribute("open", labeling.closedAt() == null);
    model.addAttribute("sampleId", labeling.sample().sampleId());
    model.addAttribute("progress", labeling.progress());
    model.addAttribute("remaining", remaining.size());
    model.addAttribute("size", ids.size());
    model.addAttribute("deadline", labeling.sample().deadline());
    model.addAttribute("deadlineShown", shown(labeling.sample().deadline()));
    model.addAttribute("left", left(labeling.sample().deadline()));
    model.addAttribute("quorum", labeling.sample().quorum());
    model.addAttribute("tickets", tickets);
    model.addAttribute("current", current);
    model.addAttribute("position", current == null ? 0 : ids.indexOf(current) + 1);
    model.addAttribute("ticket", current == null ? null : byId.get(current));
    model.addAttribute("alreadyLabeled", current != null && labeled.contains(current));
    model.addAttribute("labelsOfCurrent", labelsOf(labeling, current));
    model.addAttribute("intents", taxonomies.intents());
    model.addAttribute("teams", taxonomies.teams());
    model.addAttribute("templates", taxonomies.templates());
    return "console/labeling";
  }

  @PostMapping("/console/labeling/{workflowId}")
  String label(
      @PathVariable String workflowId,
      @ModelAttribute LabelForm form,
      HttpServletRequest request,
      RedirectAttributes redirect) {
    ApiIdentity who = ConsoleSession.who(request);
    try {
      runbooks.label(who, workflowId, form);
      redirect.addFlashAttribute("message", "Labeled " + form.ticketId() + ".");
      return "redirect:/console/labeling/" + workflowId;
    } catch (ApiException e) {
      if (e.status() == 403 || e.status() == 404) {
        throw e;
      }
      redirect.addFlashAttribute("refusal", e.getMessage());
      redirect.addAttribute("ticket", form.ticketId());
      return "redirect:/console/labeling/" + workflowId;
    }
  }

  private static List<String> labelsOf(LabelingState labeling, String ticketId) {
    List<String> out = new ArrayList<>();
    for (Label l : labeling.labels()) {
      if (l.submitted().ticketId().equals(ticketId)) {
        out.add(
            l.submitted().actor().id()
                + " via "
                + l.submitted().actor().channel()
                + " at "
                + l.at()
                + (l.secondOpinion() ? " (second opinion)" : ""));
      }
    }
    return out;
  }

  /** An instant as people read it: {@code 2025-12-20 14:05 UTC}. */
  static String shown(Instant at) {
    return at == null
        ? ""
        : at.truncatedTo(ChronoUnit.MINUTES).toString().replace('T', ' ').replace("Z", " UTC");
  }

  /** "3 h 12 min left", or "deadline passed" once it has gone. */
  static String left(Instant deadline) {
    Duration d = Duration.between(Instant.now(), deadline);
    if (d.isNegative()) {
      return "deadline passed";
    }
    long hours = d.toHours();
    return (hours > 0 ? hours + " h " : "") + d.toMinutesPart() + " min left";
  }
}
