package com.evalops.activities.notify;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.divider;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.asElements;
import static com.slack.api.model.block.element.BlockElements.button;

import com.evalops.harness.sanitize.PiiSanitizer;
import com.evalops.workflows.approval.ApprovalOutcome;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.approval.Vote;
import com.evalops.workflows.notify.ApprovalNotice;
import com.evalops.workflows.notify.Notification;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.TextObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Block Kit of the engine's Slack messages. Every piece of text from a workflow passes the
 * {@link PiiSanitizer} and loses Slack's control characters before it is placed, so neither
 * personal data nor a stray {@code <!channel>} can reach the channel.
 *
 * <p>The vote buttons are a contract with the endpoint that receives the clicks: block {@value
 * #VOTE_BLOCK}, actions {@value #APPROVE_ACTION} and {@value #REJECT_ACTION}, value {@code
 * {"workflowId":"…","requestId":"…"}}.
 */
public final class SlackMessages {
  public static final String VOTE_BLOCK = "evalops_vote";
  public static final String APPROVE_ACTION = "evalops_approve";
  public static final String REJECT_ACTION = "evalops_reject";

  /** The message metadata event type that marks an approval message. */
  public static final String APPROVAL_EVENT = "evalops_approval";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int HEADER_MAX = 150;
  private static final int TEXT_MAX = 2900;

  private final PiiSanitizer sanitizer;
  private final String temporalUiUrl;
  private final String namespace;

  /**
   * @param temporalUiUrl the Temporal UI (e.g. {@code http://localhost:8233}); blank for no link
   */
  public SlackMessages(PiiSanitizer sanitizer, String temporalUiUrl, String namespace) {
    this.sanitizer = sanitizer;
    this.temporalUiUrl = temporalUiUrl == null ? "" : temporalUiUrl.trim().replaceAll("/+$", "");
    this.namespace = namespace == null || namespace.isBlank() ? "default" : namespace.trim();
  }

  /** The one message of an approval request, as it stands: buttons while it is pending. */
  public List<LayoutBlock> approval(ApprovalNotice a) {
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(header(h -> h.text(plainText(truncate(headline(a), HEADER_MAX)))));
    blocks.add(
        section(
            s ->
                s.text(
                    markdownText(
                        truncate(
                            "*Proposed:* "
                                + clean(a.summary())
                                + "\n*Proposed by:* "
                                + clean(a.proposedBy())
                                + "   *Run:* "
                                + workflowLink(a.workflowId()),
                            TEXT_MAX)))));
    List<TextObject> evidence = evidenceFields(a.evidence());
    if (!evidence.isEmpty()) {
      blocks.add(section(s -> s.text(markdownText("*Why*")).fields(evidence)));
    }
    String details = details(a);
    if (!details.isEmpty()) {
      blocks.add(context(c -> c.elements(List.of(markdownText(truncate(details, TEXT_MAX))))));
    }
    blocks.add(
        section(
            s ->
                s.text(
                    markdownText(
                        "*Who may approve:* "
                            + roles(a.approverRoles())
                            + (a.escalateTo().isEmpty()
                                ? ""
                                : " (escalated to " + roles(a.escalateTo()) + ")")
                            + " — "
                            + a.minApprovals()
                            + " approval"
                            + (a.minApprovals() == 1 ? "" : "s")
                            + " needed, not the proposer\n*Deadline:* "
                            + date(a.deadline())))));
    blocks.add(divider());
    blocks.add(section(s -> s.text(markdownText(truncate(votes(a), TEXT_MAX)))));
    if (a.outcome() == ApprovalOutcome.PENDING) {
      String value = buttonValue(a.workflowId(), a.requestId());
      blocks.add(
          actions(
              act ->
                  act.blockId(VOTE_BLOCK)
                      .elements(
                          asElements(
                              button(
                                  b ->
                                      b.actionId(APPROVE_ACTION)
                                          .text(plainText("Approve"))
                                          .style("primary")
                                          .value(value)),
                              button(
                                  b ->
                                      b.actionId(REJECT_ACTION)
                                          .text(plainText("Reject"))
                                          .style("danger")
                                          .value(value))))));
    } else {
      blocks.add(section(s -> s.text(markdownText(outcomeLine(a)))));
    }
    return blocks;
  }

  /** The notification text for clients that show no blocks (and for push notifications). */
  public String approvalFallback(ApprovalNotice a) {
    return truncate(headline(a) + ": " + clean(a.summary()), TEXT_MAX);
  }

  /** A notice as plain text: a thread reply under an approval message, or a message of its own. */
  public String plain(Notification n) {
    String text = clean(n.text());
    return truncate(
        "*"
            + clean(n.title())
            + "*"
            + (text.isEmpty() ? "" : "\n" + text)
            + "\n_"
            + clean(n.kind())
            + " → "
            + clean(n.audience())
            + "_",
        TEXT_MAX);
  }

  /** The value both vote buttons carry: which request of which workflow. */
  public static String buttonValue(String workflowId, String requestId) {
    Map<String, String> value = new LinkedHashMap<>();
    value.put("workflowId", workflowId);
    value.put("requestId", requestId);
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("two strings always make JSON", e);
    }
  }

  /** Sanitized and stripped of Slack's control characters. */
  String clean(String text) {
    if (text == null) {
      return "";
    }
    return sanitizer.sanitize(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private String headline(ApprovalNotice a) {
    String what = readable(a.requestKind());
    return switch (a.outcome()) {
      case PENDING -> "Approval needed: " + what;
      case APPROVED -> "Approved: " + what;
      case REJECTED -> "Rejected: " + what;
      case EXPIRED -> "Expired, no change: " + what;
    };
  }

  private List<TextObject> evidenceFields(ApprovalNotice.Evidence e) {
    List<TextObject> fields = new ArrayList<>();
    if (e == null) {
      return fields;
    }
    if (e.verdict() != null) {
      fields.add(markdownText("*Verdict*\n" + clean(e.verdict())));
    }
    if (e.accuracy() != null) {
      fields.add(markdownText("*Accuracy*\n" + percent(e.accuracy())));
    }
    if (e.macroF1() != null) {
      fields.add(
          markdownText(
              "*Macro F1*\n"
                  + number(e.macroF1())
                  + (e.macroF1Delta() == null
                      ? ""
                      : " ("
                          + signed(e.macroF1Delta())
                          + " vs baseline"
                          + (e.baselineRunId() == null ? "" : " " + clean(e.baselineRunId()))
                          + ")")));
    }
    if (e.tier0FalseNegatives() != null) {
      fields.add(markdownText("*Tier 0 false negatives*\n" + e.tier0FalseNegatives()));
    }
    if (e.tier2Violations() != null) {
      fields.add(markdownText("*Tier 2 violations*\n" + e.tier2Violations()));
    }
    if (e.artifactLocation() != null && !e.artifactLocation().isBlank()) {
      fields.add(markdownText("*Artifacts*\n" + link(e.artifactLocation())));
    }
    return fields;
  }

  private String details(ApprovalNotice a) {
    return a.details().entrySet().stream()
        .map(d -> clean(d.getKey()) + ": " + clean(d.getValue()))
        .collect(Collectors.joining(" · "));
  }

  private String votes(ApprovalNotice a) {
    if (a.votes().isEmpty()) {
      return "*Votes:* none yet";
    }
    StringBuilder text = new StringBuilder("*Votes:*");
    for (Vote v : a.votes()) {
      text.append("\n")
          .append(v.approve() ? ":white_check_mark: approved by " : ":x: rejected by ")
          .append(clean(v.actor().id()))
          .append(" via ")
          .append(clean(v.actor().channel()))
          .append(", ")
          .append(date(v.at()));
      String comment = clean(v.comment());
      if (!comment.isBlank()) {
        text.append(" — “").append(comment).append("”");
      }
    }
    return text.toString();
  }

  private String outcomeLine(ApprovalNotice a) {
    String when = a.closedAt() == null ? "" : " at " + date(a.closedAt());
    return switch (a.outcome()) {
      case APPROVED -> ":white_check_mark: *Approved*" + when + "; the change is applied.";
      case REJECTED -> ":x: *Rejected*" + when + "; no change is applied.";
      case EXPIRED -> ":hourglass: *Expired*" + when + " without a decision; no change is applied.";
      case PENDING -> "";
    };
  }

  private String workflowLink(String workflowId) {
    if (temporalUiUrl.isEmpty()) {
      return "`" + clean(workflowId) + "`";
    }
    String url =
        temporalUiUrl + "/namespaces/" + encode(namespace) + "/workflows/" + encode(workflowId);
    return "<" + url + "|" + clean(workflowId) + ">";
  }

  private String link(String location) {
    String shown = clean(location);
    if (location.startsWith("https://") || location.startsWith("http://")) {
      return "<" + location.replace(">", "%3E").replace("|", "%7C") + "|" + shown + ">";
    }
    return "`" + shown + "`";
  }

  private static String roles(Set<Role> roles) {
    return roles.stream()
        .map(r -> r.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(" or "));
  }

  private static String readable(String kind) {
    return kind == null ? "change" : kind.replace('_', ' ');
  }

  /** A date every reader sees in their own time zone, with the UTC instant as fallback. */
  private static String date(Instant at) {
    if (at == null) {
      return "";
    }
    return "<!date^" + at.getEpochSecond() + "^{date_short_pretty} {time}|" + at + ">";
  }

  private static String percent(double value) {
    return String.format(Locale.ROOT, "%.1f%%", value * 100);
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }

  private static String signed(double value) {
    return String.format(Locale.ROOT, "%+.3f", value);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
