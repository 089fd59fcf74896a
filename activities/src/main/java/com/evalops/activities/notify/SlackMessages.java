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
import com.evalops.workflows.approval.ApprovalRequest;
import com.evalops.workflows.approval.ChangeEvidence;
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
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Block Kit of the engine's Slack messages. Every piece of text from a workflow passes the
 * {@link PiiSanitizer} and loses Slack's control characters before it is placed, so neither
 * personal data nor a stray {@code <!channel>} can reach the channel.
 *
 * <p>The vote buttons are a contract with the endpoint that receives the clicks: block {@value
 * #VOTE_BLOCK}, actions {@value #APPROVE_ACTION} and {@value #REJECT_ACTION}, value {@code
 * {"workflowId":"…","requestId":"…"}}. A config change's buttons also carry the digest shown,
 * {@code "changeDigest":"<sha-256>"}, so the vote binds to that change. When approving needs the
 * candidate's REVIEW verdict acknowledged there is no plain Approve button: the approving button is
 * {@value #APPROVE_ACKNOWLEDGING_ACTION}, "Approve, acknowledging REVIEW", and its value adds
 * {@code "acknowledgedVerdict":"REVIEW"}.
 */
public final class SlackMessages {
  public static final String VOTE_BLOCK = "evalops_vote";
  public static final String APPROVE_ACTION = "evalops_approve";
  public static final String REJECT_ACTION = "evalops_reject";

  /** The approving button of a change whose candidate verdict must be acknowledged. */
  public static final String APPROVE_ACKNOWLEDGING_ACTION = "evalops_approve_acknowledging";

  /** Button value fields, as {@code SlackClick} reads them. */
  public static final String VALUE_WORKFLOW_ID = "workflowId";

  public static final String VALUE_REQUEST_ID = "requestId";
  public static final String VALUE_CHANGE_DIGEST = "changeDigest";
  public static final String VALUE_ACKNOWLEDGED_VERDICT = "acknowledgedVerdict";

  /** The message metadata event type that marks an approval message. */
  public static final String APPROVAL_EVENT = "evalops_approval";

  private static final Set<String> SHOWN_WITH_CHANGE =
      Set.of(
          ApprovalRequest.CHANGE_DIGEST,
          ApprovalRequest.ACKNOWLEDGE,
          ChangeEvidence.DIFF,
          ChangeEvidence.BASE_VERSION,
          ChangeEvidence.RELEASE_GATE,
          ChangeEvidence.CANDIDATE_VERDICT,
          ChangeEvidence.CANDIDATE_RUN);

  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{1,128}");
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
    Optional<ChangeEvidence> change = ChangeEvidence.of(a.details());
    change.ifPresent(
        c -> blocks.add(section(s -> s.text(markdownText(truncate(change(c), TEXT_MAX))))));
    List<TextObject> evidence = evidenceFields(a.evidence());
    if (!evidence.isEmpty()) {
      blocks.add(section(s -> s.text(markdownText("*Why*")).fields(evidence)));
    }
    String details = details(a, change.isPresent());
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
      String digest = change.map(ChangeEvidence::digest).orElse("");
      String acknowledge = change.map(ChangeEvidence::acknowledge).orElse("");
      String approveValue = buttonValue(a.workflowId(), a.requestId(), digest, acknowledge);
      String rejectValue = buttonValue(a.workflowId(), a.requestId(), digest, "");
      String approveAction = acknowledge.isEmpty() ? APPROVE_ACTION : APPROVE_ACKNOWLEDGING_ACTION;
      String approveText =
          acknowledge.isEmpty() ? "Approve" : "Approve, acknowledging " + clean(acknowledge);
      blocks.add(
          actions(
              act ->
                  act.blockId(VOTE_BLOCK)
                      .elements(
                          asElements(
                              button(
                                  b ->
                                      b.actionId(approveAction)
                                          .text(plainText(approveText))
                                          .style("primary")
                                          .value(approveValue)),
                              button(
                                  b ->
                                      b.actionId(REJECT_ACTION)
                                          .text(plainText("Reject"))
                                          .style("danger")
                                          .value(rejectValue))))));
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

  /**
   * The value both vote buttons of a request without a digest carry: which request of which run.
   */
  public static String buttonValue(String workflowId, String requestId) {
    return buttonValue(workflowId, requestId, "", "");
  }

  /**
   * A vote button's value: which request of which workflow, and, when not empty, the digest of the
   * change shown and the verdict the click acknowledges.
   */
  public static String buttonValue(
      String workflowId, String requestId, String changeDigest, String acknowledgedVerdict) {
    Map<String, String> value = new LinkedHashMap<>();
    value.put(VALUE_WORKFLOW_ID, workflowId);
    value.put(VALUE_REQUEST_ID, requestId);
    if (changeDigest != null && !changeDigest.isEmpty()) {
      value.put(VALUE_CHANGE_DIGEST, changeDigest);
    }
    if (acknowledgedVerdict != null && !acknowledgedVerdict.isEmpty()) {
      value.put(VALUE_ACKNOWLEDGED_VERDICT, acknowledgedVerdict);
    }
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

  /**
   * The change put to the vote: the workflow's diff line by line, the digest the buttons bind to,
   * the release gate and the candidate's evaluation, and the acknowledgement approving needs.
   */
  private String change(ChangeEvidence c) {
    StringBuilder text = new StringBuilder("*Change*");
    if (!c.baseVersion().isEmpty()) {
      text.append(" to config `").append(clean(c.baseVersion())).append("`");
    }
    text.append("   *Digest:* `").append(hex(c.shortDigest())).append("`");
    if (c.diffLines().isEmpty()) {
      text.append("\n_no key changes_");
    }
    for (String line : c.diffLines()) {
      text.append("\n• `").append(clean(line).replace("`", "'")).append("`");
    }
    if (!c.releaseGate().isEmpty()) {
      text.append("\n*Release gate:* ").append(clean(c.releaseGate()));
    }
    if (c.candidateEvaluated()) {
      text.append("   *Candidate verdict:* ").append(clean(c.candidateVerdict()));
      if (!c.candidateRun().isEmpty()) {
        text.append(" (run `").append(clean(c.candidateRun())).append("`)");
      }
    }
    if (c.needsAcknowledgement()) {
      text.append("\n:warning: Approving acknowledges the candidate's ")
          .append(clean(c.acknowledge()))
          .append(" verdict.");
    }
    return text.toString();
  }

  /** The remaining evidence; keys a config change's section already shows are left out. */
  private String details(ApprovalNotice a, boolean changeShown) {
    return a.details().entrySet().stream()
        .filter(d -> !changeShown || !SHOWN_WITH_CHANGE.contains(d.getKey()))
        .map(d -> clean(d.getKey()) + ": " + clean(d.getValue()))
        .collect(Collectors.joining(" · "));
  }

  /** A digest is hex, never personal data; anything else is cleaned like all other text. */
  private String hex(String digest) {
    return HEX.matcher(digest).matches() ? digest : clean(digest);
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
