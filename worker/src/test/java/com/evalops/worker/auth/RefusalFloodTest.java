package com.evalops.worker.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.worker.EngineTestSupport;
import com.evalops.workflows.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * A flood of unauthenticated requests against the whole engine over real HTTP: each is refused with
 * 401, while the refusal log and the application log grow by a bounded amount; refusals of
 * authenticated people in the middle of it are each written in full. The sampling interval is short
 * here so the summary line shows up within the test.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"evalops.temporal.embedded-port=-1", "evalops.refusals.interval=5s"})
@ExtendWith(OutputCaptureExtension.class)
class RefusalFloodTest {
  static final Path DATA = EngineTestSupport.newDataDir();
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** 7 KB: Tomcat takes request lines up to its 8 KB header limit. */
  static final String LONG_PATH = "/api/runs/" + "x".repeat(7 * 1024 - 200);

  @LocalServerPort int port;

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    registry.add("evalops.data-dir", DATA::toString);
    registry.add("evalops.dataset-root", () -> EngineTestSupport.demoDataset().toString());
  }

  static Path refusals() {
    return DATA.resolve("refusals.jsonl");
  }

  static long size() throws Exception {
    return Files.exists(refusals()) ? Files.size(refusals()) : 0;
  }

  static List<Map<?, ?>> lines() throws Exception {
    return Files.readAllLines(refusals(), StandardCharsets.UTF_8).stream()
        .<Map<?, ?>>map(line -> JSON.readValue(line, Map.class))
        .toList();
  }

  HttpResponse<String> send(HttpRequest request) throws Exception {
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
  }

  HttpRequest as(String identity, String method, String path, String json) {
    return request(path)
        .header("Authorization", "Bearer " + EngineTestSupport.token(DATA, identity))
        .header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  /** {@code count} unauthenticated requests with 7 KB URIs, eight at a time; all must be 401. */
  void flood(int count) throws Exception {
    ExecutorService senders = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> refused = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        HttpRequest request =
            request(LONG_PATH + "?n=" + i)
                .header("Authorization", i % 2 == 0 ? "Bearer not-a-token" : "Basic bm9wZQ==")
                .GET()
                .build();
        refused.add(
            senders.submit(
                () -> {
                  HttpResponse<String> response = send(request);
                  assertTrue(
                      response.body().contains("\"error\":\"unauthorized\""), response.body());
                  return response.statusCode();
                }));
      }
      for (Future<Integer> status : refused) {
        assertEquals(401, status.get(60, TimeUnit.SECONDS));
      }
    } finally {
      senders.shutdownNow();
    }
  }

  static int count(String text, String what) {
    Matcher matcher = Pattern.compile(Pattern.quote(what)).matcher(text);
    int n = 0;
    while (matcher.find()) {
      n++;
    }
    return n;
  }

  @Test
  void givenTenThousandUnauthenticatedRequestsWithLongUris_whenRefused_thenTheLogsGrowByLittle(
      CapturedOutput output) throws Exception {
    long fileBefore = size();
    int logBefore = output.getOut().length();

    long started = System.nanoTime();
    flood(10_000);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    Map<?, ?> summary =
        Await.until(
            "a summary line of the refusals counted but not written",
            () -> {
              try {
                return lines().stream()
                    .filter(line -> line.containsKey("count"))
                    .reduce((first, second) -> second)
                    .orElse(Map.of());
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            },
            line -> !line.isEmpty());

    long fileGrowth = size() - fileBefore;
    String log = output.getOut().substring(logBefore);
    System.out.printf(
        "10,000 unauthenticated requests (7 KB URIs) in %d ms: refusals.jsonl +%d bytes,"
            + " application log +%d chars, %d refusal log lines%n",
        took.toMillis(), fileGrowth, log.length(), count(log, "RefusalLog"));
    assertTrue(fileGrowth < 1024 * 1024, "refusals.jsonl grew by " + fileGrowth + " bytes");
    assertTrue(log.length() < 1024 * 1024, "the application log grew by " + log.length());
    assertTrue(
        ((String) summary.get("reason")).contains("counted but not written one by one"),
        summary.toString());
    for (Map<?, ?> line : lines()) {
      assertTrue(line.get("action").toString().length() < 260, "not cut: " + line.get("action"));
    }
  }

  @Test
  void givenAFlood_whenAuthenticatedPeopleAreRefused_thenEachOfTheirRefusalsIsWrittenInFull()
      throws Exception {
    HttpResponse<String> opened =
        send(
            as(
                "oncall-ana",
                "POST",
                "/api/incidents",
                "{\"scope\":\"flood\",\"alarm\":\"quality-drop\",\"harm\":true}"));
    assertEquals(202, opened.statusCode(), opened.body());
    Await.until(
        "the flood incident waiting for labels",
        () -> {
          try {
            return send(as("auditor-au", "GET", "/api/runs/regression-flood", "")).body();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        body -> body.contains("\"step\":\"labeling\""));
    flood(500);

    for (int i = 0; i < 20; i++) {
      HttpResponse<String> refused =
          send(
              as(
                  "labeler-li",
                  "POST",
                  "/api/runs/regression-flood/labels",
                  "{\"ticketId\":\"T-NOPE-"
                      + i
                      + "\",\"correctTeam\":true,\"correctTemplate\":true}"));
      assertEquals(409, refused.statusCode(), refused.body());
    }
    for (int i = 0; i < 30; i++) {
      HttpResponse<String> refused =
          send(
              as(
                  "labeler-mo",
                  "POST",
                  "/api/incidents",
                  "{\"scope\":\"flood-" + i + "\",\"alarm\":\"quality-drop\"}"));
      assertEquals(403, refused.statusCode(), refused.body());
    }
    flood(500);

    List<Map<?, ?>> forbidden =
        lines().stream()
            .filter(line -> "labeler-mo".equals(line.get("identity")))
            .filter(line -> line.get("status").equals(403))
            .toList();
    List<Map<?, ?>> conflicts =
        lines().stream()
            .filter(line -> "labeler-li".equals(line.get("identity")))
            .filter(line -> line.get("status").equals(409))
            .toList();
    assertEquals(30, forbidden.size(), forbidden.toString());
    assertEquals(20, conflicts.size(), conflicts.toString());
    assertTrue(
        conflicts.get(19).get("reason").toString().contains("T-NOPE-19"), conflicts.toString());
    assertTrue(
        forbidden.get(0).get("reason").toString().contains("labeler-mo lacks the role"),
        forbidden.get(0).toString());
  }
}
