package com.evalops.worker.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.harness.contract.IntentPolicy;
import com.evalops.harness.contract.RoutingLogEntry;
import com.evalops.harness.contract.RoutingLogFile;
import com.evalops.harness.contract.Taxonomy;
import com.evalops.harness.contract.TaxonomyFile;
import com.evalops.worker.EngineTestSupport;
import com.evalops.workflows.WorkflowIds;
import com.evalops.workflows.cadence.WeeklyRegressionWorkflow;
import com.evalops.workflows.incident.IncidentState;
import com.evalops.workflows.incident.RegressionIncidentWorkflow;
import com.evalops.workflows.testing.Await;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.Wait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The web console in a real browser (Debian's headless Chromium) against the real engine: embedded
 * Temporal server, the runbooks and activities on the demo data, the demo identities' tokens. A
 * labeler labels a whole incident sample, two leaders approve the mitigation, an auditor reads the
 * timeline; the console's guards (CSRF, login, roles) are checked over plain HTTP too.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "evalops.temporal.embedded-port=-1")
class ConsoleBrowserTest {
  static final Path DATA = EngineTestSupport.newDataDir();
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    registry.add("evalops.data-dir", DATA::toString);
    registry.add("evalops.dataset-root", () -> EngineTestSupport.demoDataset().toString());
  }

  @LocalServerPort int port;
  @Autowired WorkflowClient client;

  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private ChromeDriver browser;

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void givenAnIncident_whenPeopleUseTheConsole_thenTheWorkflowMovesOnAndTheTimelineShowsWhoDidWhat()
      throws Exception {
    HeadlessChromium.requireInstalled();
    String scope = "billing";
    String id = WorkflowIds.regression(scope);
    // The weekly regression's PASS, once Support Ops accepts it, is the baseline the approvers
    // compare with.
    api("oncall-ana", "/api/runs/weekly", "{\"weekId\":\"2025-W51\"}");
    WeeklyRegressionWorkflow weekly =
        client.newWorkflowStub(
            WeeklyRegressionWorkflow.class, WorkflowIds.weeklyRegression("2025-W51"));
    Await.until(
        "a baseline review",
        Duration.ofSeconds(120),
        weekly::state,
        state -> state.review() != null && !state.review().pending().isEmpty());
    api(
        "labeler-li",
        "/api/runs/" + WorkflowIds.weeklyRegression("2025-W51") + "/votes",
        "{\"requestId\":\"weekly-2025-W51/baseline\",\"approve\":true,\"comment\":\"ok\"}");
    api(
        "oncall-ana",
        "/api/incidents",
        "{\"scope\":\"billing\",\"alarm\":\"quality-drop\",\"harm\":true}");
    RegressionIncidentWorkflow incident =
        client.newWorkflowStub(RegressionIncidentWorkflow.class, id);
    await(incident, s -> "labeling".equals(s.step()), 60);

    browser = HeadlessChromium.start();
    Wait<WebDriver> wait = HeadlessChromium.pageWait(browser, Duration.ofSeconds(30));

    // A labeler labels the whole sample, one ticket at a time, as the support agents corrected it.
    login("labeler-li");
    assertTrue(browser.getCurrentUrl().endsWith("/console/labeling"), browser.getCurrentUrl());
    browser.findElement(By.linkText(id)).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("ticket-id")));
    assertTrue(browser.findElement(By.id("remaining")).getText().startsWith("20 of 20"));
    HeadlessChromium.screenshot(browser, "labeling-queue");
    Answers answers = new Answers(EngineTestSupport.demoDataset());
    String first = null;
    for (int i = 0; i < 40 && browser.findElements(By.id("ticket-id")).size() == 1; i++) {
      String ticket = browser.findElement(By.id("ticket-id")).getText();
      Map<String, String> gold = answers.gold(ticket);
      if (gold == null) {
        // The keyboard shortcut for "router was right".
        browser.findElement(By.tagName("body")).sendKeys("y");
      } else {
        new Select(browser.findElement(By.id("gold-intent"))).selectByValue(gold.get("intent"));
        if (!gold.get("team").equals(browser.findElement(By.id("router-team")).getText())) {
          browser.findElement(By.id("team-no")).click();
          new Select(browser.findElement(By.id("gold-team"))).selectByValue(gold.get("team"));
        }
        browser.findElement(By.id("template-no")).click();
        browser.findElement(By.id("note")).sendKeys("as the agent corrected it");
        browser.findElement(By.id("submit-label")).click();
      }
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), ticket));
      if (first == null) {
        first = ticket;
        // The same labeler again on the same ticket: the workflow's validator refuses, and says
        // why.
        browser.get(url("/console/labeling/" + id + "?ticket=" + first));
        browser.findElement(By.id("right")).click();
        String reason =
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("refusal-reason")))
                .getText();
        assertTrue(reason.contains("already labeled ticket " + first), reason);
        HeadlessChromium.screenshot(browser, "labeling-refused");
        browser.get(url("/console/labeling/" + id));
      }
    }
    assertFalse(browser.findElements(By.id("all-labeled")).isEmpty(), browser.getPageSource());
    assertTrue(refusals().contains("\"channel\":\"web\""), refusals());
    IncidentState proposal = await(incident, s -> "mitigation_proposal".equals(s.step()), 120);
    assertEquals(20, proposal.labeling().progress().labeledTickets());
    assertTrue(
        proposal.labeling().labels().stream()
            .allMatch(l -> "web".equals(l.submitted().actor().channel())));

    // On-call proposes the mitigation as a typed change (through the API); a labeler may not open
    // the approvals.
    String before = currentConfig();
    String receipt =
        api(
            "oncall-ana",
            "/api/incidents/billing/mitigation",
            "{\"operations\":[{\"op\":\"disable_template\",\"target\":\"fee_schedule_v1\"}],"
                + "\"comment\":\"disable fee_schedule_v1 until its copy is reviewed\"}");
    assertTrue(receipt.contains("\"requestId\":\"mitigation-1\""), receipt);
    String mitigation = "mitigation-1";
    browser.get(url("/console/approvals"));
    assertTrue(browser.findElement(By.tagName("h1")).getText().startsWith("403"));
    assertTrue(
        browser.findElement(By.id("refusal-reason")).getText().contains("leadership"),
        browser.findElement(By.id("refusal-reason")).getText());
    HeadlessChromium.screenshot(browser, "approvals-refused-to-labeler");
    assertTrue(refusals().contains("open the approvals page"), refusals());
    logout();

    // Two leaders approve in the console; the mitigation is applied as a new config version.
    for (String lead : List.of("lead-1", "lead-2")) {
      login(lead);
      assertTrue(browser.getCurrentUrl().endsWith("/console/approvals"), browser.getCurrentUrl());
      WebElement card =
          browser.findElement(
              By.cssSelector(
                  "article[data-workflow='" + id + "'][data-request='" + mitigation + "']"));
      assertTrue(
          card.getText().contains("templates.fee_schedule_v1: enabled -> disabled"),
          card.getText());
      // The vote is bound to the digest of the change shown.
      String digest =
          card.findElement(By.cssSelector("code.change-digest")).getDomAttribute("title");
      assertEquals(64, digest.length(), digest);
      assertEquals(
          digest,
          card.findElement(By.cssSelector("input[name='changeDigest']")).getDomAttribute("value"));
      assertTrue(card.getText().contains("Macro F1"), card.getText());
      assertTrue(card.getText().contains("Baseline weekly-2025-W51"), card.getText());
      if (lead.equals("lead-1")) {
        HeadlessChromium.screenshot(browser, "approvals");
      }
      card.findElement(By.tagName("textarea")).sendKeys("approved: the customer copy is wrong");
      card.findElement(By.cssSelector("button.approve")).click();
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(
              By.id("message"), "Approved " + mitigation));
      logout();
    }
    // After the mitigation the incident gathers its own exit evidence (step recheck).
    IncidentState applied =
        await(incident, s -> "recheck".equals(s.step()) || "safe_mode_exit".equals(s.step()), 60);
    String after = currentConfig();
    assertNotEquals(before, after);
    assertTrue(after.contains("\"fee_schedule_v1\":{\"enabled\":false}"), after);
    assertTrue(after.contains(applied.configVersion()), after);

    // An auditor reads the run: its timeline names who did what, when, through which channel.
    login("auditor-au");
    assertTrue(browser.getCurrentUrl().endsWith("/console/runs"), browser.getCurrentUrl());
    browser.findElement(By.linkText(id)).click();
    WebElement timeline =
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("timeline")));
    String text = timeline.getText();
    for (String expected :
        List.of(
            "approve vote " + mitigation + " lead-1 web",
            "approve vote " + mitigation + " lead-2 web",
            "labeler-li web",
            "refused",
            "already labeled ticket " + first)) {
      assertTrue(text.contains(expected), "missing \"" + expected + "\" in:\n" + text);
    }
    assertEquals(1, browser.findElements(By.cssSelector("#confusion-matrix svg")).size());
    assertEquals(1, browser.findElements(By.cssSelector("#per-intent svg")).size());
    assertTrue(browser.findElement(By.id("safe-mode")).getText().contains("safe mode ON"));
    // Tall enough for the timeline and both charts (docs/console.md shows this one).
    browser.manage().window().setSize(new Dimension(1400, 3000));
    HeadlessChromium.screenshot(browser, "run-page");
    browser.findElement(By.linkText(proposal.incidentId() + "-sample")).click();
    wait.until(
        ExpectedConditions.presenceOfElementLocated(By.cssSelector("#confusion-matrix svg")));
    assertTrue(
        browser.findElement(By.id("report")).getText().contains(proposal.incidentId() + "-sample"));
    browser.get(url("/console/configs"));
    assertTrue(browser.findElement(By.id("change-log")).getText().contains("lead-1"));
    assertTrue(browser.findElement(By.id("diff")).getText().contains("templates.fee_schedule_v1"));
    HeadlessChromium.screenshot(browser, "router-config");
    browser.findElement(By.linkText(applied.configVersion())).click();
    assertTrue(browser.findElement(By.id("config-json")).getText().contains("\"fee_schedule_v1\""));

    // The weekly regression and its child evaluation, from the Decision Log.
    browser.get(url("/console/runs"));
    browser.findElement(By.linkText("weekly-2025-W51")).click();
    wait.until(
        ExpectedConditions.presenceOfElementLocated(By.cssSelector("#confusion-matrix svg")));
    assertTrue(
        browser.findElement(By.id("timeline")).getText().contains("accepted_as_baseline"),
        browser.findElement(By.id("timeline")).getText());
    browser.get(url("/console/runs/" + WorkflowIds.weeklyRegression("2025-W51")));
    assertEquals("COMPLETED", browser.findElement(By.id("run-status")).getText());
    assertTrue(browser.findElement(By.id("fact-verdict")).getText().contains("PASS"));
  }

  @Test
  void givenTheConsole_whenPostingWithoutTheCsrfToken_thenRefusedAndRecorded() throws Exception {
    HttpResponse<String> page = get("/console/login", null);
    assertEquals(200, page.statusCode());
    String cookie = sessionCookie(page);
    String setCookie = page.headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(setCookie.contains("HttpOnly"), setCookie);
    assertTrue(setCookie.contains("SameSite=Lax"), setCookie);
    assertTrue(
        page.headers()
            .firstValue("Content-Security-Policy")
            .orElseThrow()
            .contains("default-src 'self'"));
    String csrf = csrf(page.body());

    String token = EngineTestSupport.token(DATA, "labeler-li");
    HttpResponse<String> forged = post("/console/login", cookie, Map.of("token", token));
    assertEquals(403, forged.statusCode());
    assertTrue(refusals().contains("CSRF"), refusals());

    HttpResponse<String> wrong =
        post("/console/login", cookie, Map.of("token", "not-a-token", "_csrf", csrf));
    assertEquals(401, wrong.statusCode());

    HttpResponse<String> in = post("/console/login", cookie, Map.of("token", token, "_csrf", csrf));
    assertEquals(302, in.statusCode());
    assertTrue(in.headers().firstValue("Location").orElseThrow().endsWith("/console/labeling"));
    String session = sessionCookie(in);
    assertNotEquals(cookie, session, "a new session id at login");
    assertEquals(302, get("/console/runs", cookie).statusCode(), "the old session id is dead");

    HttpResponse<String> runs = get("/console/runs", session);
    assertEquals(200, runs.statusCode());
    String fresh = csrf(runs.body());
    assertNotEquals(csrf, fresh, "a new CSRF token at login");
    assertEquals(
        403,
        post(
                "/console/approvals/regression-billing/votes",
                session,
                Map.of("requestId", "mitigation-1", "approve", "true"))
            .statusCode());
    HttpResponse<String> approvals = get("/console/approvals", session);
    assertEquals(403, approvals.statusCode());
    assertTrue(approvals.body().contains("needs oncall or leadership"), approvals.body());

    // Auditors read everything and change nothing; leaders do not label.
    String auditor = loggedIn("auditor-au");
    HttpResponse<String> vote =
        post(
            "/console/approvals/regression-billing/votes",
            auditor,
            Map.of(
                "requestId",
                "mitigation-1",
                "approve",
                "true",
                "_csrf",
                csrf(get("/console/runs", auditor).body())));
    assertEquals(403, vote.statusCode());
    assertTrue(vote.body().contains("auditor-au lacks the role to vote"), vote.body());
    assertTrue(refusals().contains("auditor-au lacks the role to vote"), refusals());
    assertEquals(403, get("/console/labeling", loggedIn("lead-1")).statusCode());
    assertEquals(200, get("/console/configs", auditor).statusCode());
    assertFalse(get("/v3/api-docs", null).body().contains("/console"), "the console is no API");

    HttpResponse<String> anonymous = get("/console/runs", null);
    assertEquals(302, anonymous.statusCode());
    assertTrue(
        anonymous.headers().firstValue("Location").orElseThrow().contains("/console/login?next="));
  }

  // --- browser and HTTP helpers ---------------------------------------------------------------

  private void login(String identity) {
    browser.get(url("/console/login"));
    browser.findElement(By.id("token")).sendKeys(EngineTestSupport.token(DATA, identity));
    browser.findElement(By.id("token")).sendKeys(Keys.ENTER);
    HeadlessChromium.pageWait(browser, Duration.ofSeconds(30))
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("whoami"), identity));
  }

  private void logout() {
    browser.findElement(By.id("logout")).click();
    HeadlessChromium.pageWait(browser, Duration.ofSeconds(30))
        .until(ExpectedConditions.presenceOfElementLocated(By.id("token")));
  }

  /** A console session of {@code identity}, logged in over HTTP. */
  private String loggedIn(String identity) throws Exception {
    HttpResponse<String> page = get("/console/login", null);
    HttpResponse<String> in =
        post(
            "/console/login",
            sessionCookie(page),
            Map.of("token", EngineTestSupport.token(DATA, identity), "_csrf", csrf(page.body())));
    assertEquals(302, in.statusCode(), in.body());
    return sessionCookie(in);
  }

  private String url(String path) {
    return "http://localhost:" + port + path;
  }

  private String api(String identity, String path, String json) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url(path)))
                .header("Authorization", "Bearer " + EngineTestSupport.token(DATA, identity))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertTrue(response.statusCode() / 100 == 2, path + ": " + response.body());
    return response.body();
  }

  private String currentConfig() throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url("/api/router-config/current")))
                .header("Authorization", "Bearer " + EngineTestSupport.token(DATA, "auditor-au"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private HttpResponse<String> get(String path, String cookie) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String cookie, Map<String, String> form)
      throws Exception {
    StringBuilder body = new StringBuilder();
    form.forEach(
        (k, v) ->
            body.append(body.isEmpty() ? "" : "&")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return http.send(
        HttpRequest.newBuilder(URI.create(url(path)))
            .header("Cookie", cookie)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String sessionCookie(HttpResponse<String> response) {
    String header = response.headers().firstValue("Set-Cookie").orElseThrow();
    return header.substring(0, header.indexOf(';'));
  }

  private static String csrf(String html) {
    Matcher m = CSRF.matcher(html);
    assertTrue(m.find(), html);
    return m.group(1);
  }

  private static String refusals() throws IOException {
    Path file = DATA.resolve("refusals.jsonl");
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }

  private static IncidentState await(
      RegressionIncidentWorkflow incident, Predicate<IncidentState> done, int seconds) {
    return Await.until(
        "the incident's expected state", Duration.ofSeconds(seconds), incident::state, done);
  }

  /**
   * The labelers' answers, as the demo's simulated labelers give them: an agent's override to an
   * intent of the taxonomy is the gold answer; otherwise the router was right.
   */
  static final class Answers {
    private final Map<String, RoutingLogEntry> log = new HashMap<>();
    private final Taxonomy taxonomy;

    Answers(Path dataset) {
      taxonomy = TaxonomyFile.load(dataset.resolve("taxonomy.json"));
      RoutingLogFile.stream(
          dataset.resolve("routing-log.jsonl"), (e, line) -> log.put(e.ticketId(), e));
    }

    /** {@code intent} and {@code team} of the correction, or null when the router was right. */
    Map<String, String> gold(String ticketId) {
      RoutingLogEntry e = log.get(ticketId);
      if (e == null || e.override() == null || !taxonomy.hasIntent(e.override().intent())) {
        return null;
      }
      IntentPolicy policy = taxonomy.intent(e.override().intent());
      return Map.of("intent", e.override().intent(), "team", policy.team());
    }
  }
}
