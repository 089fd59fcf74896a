package com.evalops.worker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.worker.EngineTestSupport;
import com.evalops.workflows.WorkflowIds;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Limits checked up front (issue 12, point 4), over real HTTP against the whole engine: a body past
 * the limit is answered 413 naming the limit, whether it declares its length or arrives chunked, on
 * the API, the console's forms and Slack's endpoint; a field a body does not take is refused by
 * name; every runbook's counts, windows, days, weeks, months and scopes are checked before it
 * starts, 400 naming the field and what it allows, and no runbook starts.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"evalops.temporal.embedded-port=-1", "evalops.api.max-body-size=64KB"})
class RequestLimitsTest {
  static final Path DATA = EngineTestSupport.newDataDir();
  static final int LIMIT = 64 * 1024;
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @LocalServerPort int port;

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    registry.add("evalops.data-dir", DATA::toString);
    registry.add("evalops.dataset-root", () -> EngineTestSupport.demoDataset().toString());
  }

  private EngineHttp api() {
    return new EngineHttp(DATA, port);
  }

  /** A JSON body of {@code bytes} bytes: an incident whose detail is the padding. */
  private static byte[] incidentOf(int bytes) {
    String head = "{\"scope\":\"billing\",\"alarm\":\"big\",\"detail\":\"";
    String tail = "\"}";
    char[] padding = new char[bytes - head.length() - tail.length()];
    Arrays.fill(padding, 'x');
    return (head + new String(padding) + tail).getBytes(StandardCharsets.UTF_8);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpRequest.Builder post(String path, String contentType) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Authorization", "Bearer " + EngineTestSupport.token(DATA, "oncall-ana"))
        .header("Content-Type", contentType);
  }

  /** A body without a length: sent chunked, so only counting what is read can stop it. */
  private static HttpRequest.BodyPublisher chunked(byte[] body) {
    return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
  }

  private static void assertTooLarge(HttpResponse<String> response) {
    assertEquals(413, response.statusCode(), response.body());
    JsonNode error = JSON.readTree(response.body());
    assertEquals("too_large", error.path("error").asString(), response.body());
    assertTrue(error.path("reason").asString().contains(LIMIT + " bytes"), response.body());
    assertEquals("at most " + LIMIT + " bytes", error.path("allowed").asString(), response.body());
  }

  /**
   * Refused on its declared length, before a byte is read. (Sixteen times the limit: past a few
   * megabytes the server closes the connection rather than drain the rest, and whether a client
   * still reads the answer then is the client's affair.)
   */
  @Test
  void givenABodyPastTheLimit_whenPostedWithItsLength_then413NamingTheLimit() {
    HttpResponse<String> response =
        send(
            post("/api/incidents", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(incidentOf(16 * LIMIT))));

    assertTooLarge(response);
    assertEquals(
        404,
        api()
            .call("auditor-au", "GET", "/api/runs/" + WorkflowIds.regression("billing"), null)
            .status(),
        "an incident was opened");
  }

  @Test
  void givenABodyPastTheLimit_whenPostedChunked_then413NamingTheLimit() {
    HttpResponse<String> response =
        send(
            post("/api/incidents", "application/json")
                .POST(chunked(incidentOf(LIMIT + LIMIT / 2))));

    assertTooLarge(response);
  }

  @Test
  void givenABodyJustUnderTheLimit_whenPosted_thenRead() {
    HttpResponse<String> response =
        send(
            post("/api/runs/daily", "application/json")
                .POST(chunked(("{\"sampleSize\":10" + " ".repeat(LIMIT - 100) + "}").getBytes())));

    assertEquals(400, response.statusCode(), response.body());
    assertTrue(response.body().contains("\"field\":\"sampleSize\""), response.body());
  }

  @Test
  void givenConsoleAndSlackFormsPastTheLimit_whenPostedWithOrWithoutLength_then413() {
    byte[] form = ("token=" + "x".repeat(LIMIT + 10)).getBytes(StandardCharsets.UTF_8);
    for (String path : List.of("/console/login", "/slack/interactions")) {
      assertTooLarge(
          send(
              post(path, "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(form))));
      assertTooLarge(send(post(path, "application/x-www-form-urlencoded").POST(chunked(form))));
    }
  }

  @Test
  void givenAMisspelledField_whenPosted_then400NamingIt() {
    List<List<String>> attempts =
        List.of(
            List.of(
                "/api/incidents",
                "{\"scope\":\"billing\",\"alarm\":\"a\",\"harmm\":true}",
                "harmm"),
            List.of(
                "/api/alarms", "{\"scope\":\"billing\",\"alarm\":\"a\",\"harmm\":true}", "harmm"),
            List.of("/api/runs/daily", "{\"day\":\"2025-12-19\",\"sampelSize\":30}", "sampelSize"),
            List.of(
                "/api/incidents/billing/mitigation",
                "{\"operations\":[{\"op\":\"set_threshold\",\"target\":\"x\",\"hodler\":\"y\"}]}",
                "operations[0].hodler"));

    for (List<String> attempt : attempts) {
      EngineHttp.Reply reply = api().call("oncall-ana", "POST", attempt.get(0), attempt.get(1));

      assertEquals(400, reply.status(), attempt + ": " + reply.body());
      assertEquals(attempt.get(2), reply.json().path("field").asString(), reply.body());
      assertTrue(reply.json().path("reason").asString().contains("unknown field"), reply.body());
    }
    assertEquals(
        404,
        api()
            .call("auditor-au", "GET", "/api/runs/" + WorkflowIds.regression("billing"), null)
            .status(),
        "an incident was opened");
  }

  /**
   * Each request names a period of its own, so that the runbook it would have started can be looked
   * for afterwards: none started.
   */
  @Test
  void givenValuesOutOfRange_whenStartingRunbooks_then400NamingFieldAndRangeAndNothingStarts() {
    record Attempt(String path, String body, String field, String allowed, String workflowId) {}
    List<Attempt> attempts =
        List.of(
            new Attempt(
                "/api/runs/daily",
                "{\"day\":\"2025-12-15\",\"sampleSize\":10}",
                "sampleSize",
                "20 to 50",
                WorkflowIds.dailyQa("2025-12-15")),
            new Attempt(
                "/api/runs/daily",
                "{\"day\":\"2025-12-16\",\"sampleSize\":51}",
                "sampleSize",
                "20 to 50",
                WorkflowIds.dailyQa("2025-12-16")),
            new Attempt(
                "/api/runs/daily",
                "{\"day\":\"2025-12-20\"}",
                "day",
                "an ISO date, yyyy-mm-dd, Monday to Friday",
                WorkflowIds.dailyQa("2025-12-20")),
            new Attempt(
                "/api/runs/daily",
                "{\"day\":\"../../x\"}",
                "day",
                "an ISO date, yyyy-mm-dd, Monday to Friday",
                WorkflowIds.dailyQa("../../x")),
            new Attempt(
                "/api/runs/monthly",
                "{\"month\":\"2025-10\",\"windowDays\":-1}",
                "windowDays",
                "1 to 92",
                WorkflowIds.monthlyCalibration("2025-10")),
            new Attempt(
                "/api/runs/monthly",
                "{\"month\":\"2025-09\",\"windowDays\":93}",
                "windowDays",
                "1 to 92",
                WorkflowIds.monthlyCalibration("2025-09")),
            new Attempt(
                "/api/runs/monthly",
                "{\"month\":\"../../x\"}",
                "month",
                "yyyy-mm",
                WorkflowIds.monthlyCalibration("../../x")),
            new Attempt(
                "/api/runs/monthly",
                "{\"month\":\"2025-13\"}",
                "month",
                "yyyy-mm",
                WorkflowIds.monthlyCalibration("2025-13")),
            new Attempt(
                "/api/runs/weekly",
                "{\"weekId\":\"2025-W53\"}",
                "weekId",
                "an ISO week, yyyy-Www",
                WorkflowIds.weeklyRegression("2025-W53")),
            new Attempt(
                "/api/runs/weekly",
                "{\"weekId\":\"../x\"}",
                "weekId",
                "an ISO week, yyyy-Www",
                WorkflowIds.weeklyRegression("../x")),
            new Attempt(
                "/api/incidents",
                "{\"scope\":\"cards\",\"alarm\":\"a\",\"tickets\":9}",
                "tickets",
                "10 to 30",
                WorkflowIds.regression("cards")),
            new Attempt(
                "/api/incidents",
                "{\"scope\":\"loans\",\"alarm\":\"a\",\"tickets\":31}",
                "tickets",
                "10 to 30",
                WorkflowIds.regression("loans")),
            new Attempt(
                "/api/incidents",
                "{\"scope\":\"fees\",\"alarm\":\"a\",\"windowDays\":-1}",
                "windowDays",
                "1 to 30",
                WorkflowIds.regression("fees")),
            new Attempt(
                "/api/incidents",
                "{\"scope\":\"refunds\",\"alarm\":\"a\",\"windowDays\":31}",
                "windowDays",
                "1 to 30",
                WorkflowIds.regression("refunds")),
            new Attempt(
                "/api/incidents",
                "{\"scope\":\"../../x\",\"alarm\":\"a\"}",
                "scope",
                "'*' or [A-Za-z0-9][A-Za-z0-9._-]{0,127} without '..'",
                WorkflowIds.regression("../../x")),
            new Attempt(
                "/api/incidents",
                "{\"scope\":\"" + "s".repeat(65) + "\",\"alarm\":\"a\"}",
                "scope",
                "'*' or [A-Za-z0-9][A-Za-z0-9._-]{0,127} without '..'",
                WorkflowIds.regression("s".repeat(65))),
            new Attempt(
                "/api/alarms",
                "{\"scope\":\"a b\",\"alarm\":\"a\"}",
                "scope",
                "'*' or [A-Za-z0-9][A-Za-z0-9._-]{0,127} without '..'",
                WorkflowIds.regression("a b")));

    for (Attempt attempt : attempts) {
      EngineHttp.Reply reply = api().call("oncall-ana", "POST", attempt.path(), attempt.body());

      assertEquals(400, reply.status(), attempt + ": " + reply.body());
      JsonNode error = reply.json();
      assertEquals(attempt.field(), error.path("field").asString(), reply.body());
      assertEquals(attempt.allowed(), error.path("allowed").asString(), reply.body());
      assertTrue(error.path("reason").asString().contains(attempt.field()), reply.body());
    }
    for (Attempt attempt : attempts) {
      assertEquals(
          404,
          api().call("auditor-au", "GET", "/api/runs/" + attempt.workflowId(), null).status(),
          attempt + " started a runbook");
    }
  }
}
