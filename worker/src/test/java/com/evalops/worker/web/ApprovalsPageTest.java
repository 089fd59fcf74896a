package com.evalops.worker.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.stores.config.RouterConfigStore;
import com.evalops.workflows.approval.ApprovalPolicy;
import com.evalops.workflows.approval.ApprovalRequest;
import com.evalops.workflows.approval.ChangeEvidence;
import com.evalops.workflows.approval.Role;
import com.evalops.workflows.cadence.ChangeProposal;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletContext;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

/**
 * The approvals page as the console renders it, from cards built the way the controller builds
 * them: a config change shows the workflow's diff and digest and posts the digest back; a change
 * whose candidate evaluated REVIEW asks for the acknowledgement before approving.
 */
class ApprovalsPageTest {
  private static final Instant OPENED = Instant.parse("2025-12-20T10:00:00Z");
  private static final String DIGEST =
      "3f9a1c0b7d2e4f6a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a";

  @Test
  void givenAConfigChange_whenThePageIsRendered_thenTheWorkflowsDiffAndDigestArePostedBack() {
    Map<String, String> evidence = evidence();
    ApprovalRequest request = request("mitigation", "disable_templates: nothing parsed", evidence);
    // No config store: the workflow's own diff is shown, nothing is re-derived from the summary.
    Map<String, Object> card = card(request, null);

    assertNull(card.get("preview"));
    assertEquals(ChangeEvidence.of(evidence).orElseThrow(), card.get("change"));
    String html = render(card);

    assertTrue(
        html.contains("<code>templates.fee_schedule_v1: enabled -&gt; disabled</code>"), html);
    assertTrue(html.contains("<code>thresholds.billing: 0.70 -&gt; 0.80</code>"), html);
    assertTrue(
        html.contains("<code class=\"change-digest\" title=\"" + DIGEST + "\">3f9a1c0b7d2e</code>"),
        html);
    assertTrue(html.contains("<span class=\"release-gate\">EVALUATE</span>"), html);
    assertTrue(html.contains(">PASS</span>"), html);
    assertTrue(html.contains("regression-billing-candidate-1</a>"), html);
    assertTrue(
        html.contains("<input type=\"hidden\" name=\"changeDigest\" value=\"" + DIGEST + "\">"),
        html);
    assertFalse(html.contains("name=\"acknowledge\""), "nothing to acknowledge: " + html);
  }

  @Test
  void givenACandidateThatEvaluatedReview_whenThePageIsRendered_thenApprovingNeedsTheCheckbox() {
    Map<String, String> evidence = evidence();
    evidence.put("candidate_verdict", "REVIEW");
    evidence.put(ApprovalRequest.ACKNOWLEDGE, "REVIEW");
    String html = render(card(request("mitigation-r2", "mitigation", evidence), null));

    assertTrue(
        html.contains(
            "<input type=\"checkbox\" name=\"acknowledge\" required id=\"acknowledge-0\""
                + " value=\"REVIEW\">"),
        html);
    assertTrue(html.contains("I acknowledge the candidate evaluated REVIEW</label>"), html);
    // Rejecting needs no acknowledgement: the reject button skips the browser's check.
    assertTrue(html.contains("class=\"reject secondary\" formnovalidate>Reject"), html);
  }

  @Test
  void givenARequestWithoutADigest_whenTheCardIsBuilt_thenTheCalibrationPreviewStays() {
    ChangeProposal calibration =
        new ChangeProposal(
            "monthly-2025-12",
            "v1",
            null,
            List.of(),
            List.of(),
            false,
            List.of(),
            List.of(),
            List.of());
    RouterConfigStore noVersions =
        (RouterConfigStore)
            Proxy.newProxyInstance(
                RouterConfigStore.class.getClassLoader(),
                new Class<?>[] {RouterConfigStore.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("versions")) {
                    return List.of();
                  }
                  throw new AssertionError(
                      "the calibration preview reads only versions(), not " + method.getName());
                });
    Map<String, Object> card = new LinkedHashMap<>();
    ApprovalsController.putChange(
        card,
        request("calibration", "calibration", Map.of("config_version", "v1")),
        () -> calibration,
        noVersions);

    assertNull(card.get("change"));
    ProposedChange.Preview preview = (ProposedChange.Preview) card.get("preview");
    assertEquals("v1", preview.baseVersion());
    assertEquals("no stored config version to compare with", preview.note());
    String html = render(withPageFields(card, request("calibration", "calibration", Map.of())));
    assertFalse(html.contains("name=\"changeDigest\""), html);
  }

  private static Map<String, String> evidence() {
    Map<String, String> evidence = new TreeMap<>();
    evidence.put(ApprovalRequest.CHANGE_DIGEST, DIGEST);
    evidence.put("change", "disable_template(fee_schedule_v1); set_threshold(billing, 0.80)");
    evidence.put(
        "diff", "templates.fee_schedule_v1: enabled -> disabled; thresholds.billing: 0.70 -> 0.80");
    evidence.put("config_version", "v7");
    evidence.put("material", "touches a template");
    evidence.put("release_gate", "EVALUATE");
    evidence.put("candidate_version", "v8-candidate");
    evidence.put("candidate_verdict", "PASS");
    evidence.put("candidate_run", "regression-billing-candidate-1");
    return evidence;
  }

  private static ApprovalRequest request(
      String requestId, String summary, Map<String, String> evidence) {
    return ApprovalRequest.of(
        requestId,
        "mitigation",
        summary,
        "oncall-ana",
        OPENED,
        new ApprovalPolicy(
            Set.of(Role.LEADERSHIP), 2, Duration.ofHours(24), Duration.ofHours(1), 3, Set.of()),
        evidence);
  }

  private static Map<String, Object> card(ApprovalRequest request, RouterConfigStore configs) {
    Map<String, Object> card = new LinkedHashMap<>();
    ApprovalsController.putChange(card, request, () -> null, configs);
    return withPageFields(card, request);
  }

  /** The rest of a card, as the controller fills it for a request with no evaluation report. */
  private static Map<String, Object> withPageFields(
      Map<String, Object> card, ApprovalRequest request) {
    card.put("workflowId", "regression-billing");
    card.put("requestId", request.requestId());
    card.put("kind", request.kind());
    card.put("summary", request.summary());
    card.put("proposedBy", request.proposedBy());
    card.put("mine", false);
    card.put("waitingFor", List.of("leadership"));
    card.put("stillNeeded", 2);
    card.put("until", "2025-12-21 10:00 UTC");
    card.put("left", "23h");
    card.put("votes", List.of());
    card.put("evidence", request.evidence());
    card.put("key", "key-1");
    card.put("reportRun", null);
    return card;
  }

  private static String render(Map<String, Object> card) {
    ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
    resolver.setPrefix("templates/");
    resolver.setSuffix(".html");
    resolver.setTemplateMode(TemplateMode.HTML);
    resolver.setCharacterEncoding("UTF-8");
    SpringTemplateEngine engine = new SpringTemplateEngine();
    engine.setTemplateResolver(resolver);
    MockServletContext servletContext = new MockServletContext();
    MockHttpServletRequest request = new MockHttpServletRequest(servletContext);
    request.setRequestURI("/console/approvals");
    Map<String, Object> variables = new HashMap<>();
    variables.put("cards", List.of(card));
    variables.put("csrf", "csrf-token");
    variables.put("csrfField", ConsoleSession.CSRF_FIELD);
    variables.put("canApprove", true);
    WebContext context =
        new WebContext(
            JakartaServletWebApplication.buildApplication(servletContext)
                .buildExchange(request, new MockHttpServletResponse()),
            Locale.ROOT,
            variables);
    return engine.process("console/approvals", context);
  }
}
