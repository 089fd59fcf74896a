package com.evalops.worker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.worker.EngineTestSupport;
import com.evalops.worker.SimulatedLabelers;
import com.evalops.workflows.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The engine's REST API over real HTTP, called as the demo identities, for engine tests. */
final class EngineHttp {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  record Reply(int status, String body) {
    JsonNode json() {
      return JSON.readTree(body);
    }
  }

  private final Path data;
  private final int port;

  EngineHttp(Path data, int port) {
    this.data = data;
    this.port = port;
  }

  Reply call(String identity, String method, String path, String json) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .header("Authorization", "Bearer " + EngineTestSupport.token(data, identity));
    if (json == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    try {
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The answer of a call that must succeed (2xx). */
  JsonNode ok(String identity, String method, String path, String json) {
    Reply reply = call(identity, method, path, json);
    assertTrue(
        reply.status() >= 200 && reply.status() < 300,
        method + " " + path + " answered " + reply.status() + ": " + reply.body());
    return reply.json();
  }

  /** {@code GET /api/runs/{workflowId}} as the auditor. */
  JsonNode run(String workflowId) {
    return ok("auditor-au", "GET", "/api/runs/" + workflowId, null);
  }

  /** Polls a runbook's status until {@code done}; gives up after {@code wait}. */
  JsonNode awaitRun(String workflowId, String what, Duration wait, Predicate<JsonNode> done) {
    return Await.until(workflowId + " reaching " + what, wait, () -> run(workflowId), done);
  }

  /** A console page as {@code identity} sees it after logging in with its token. */
  String consolePage(String identity, String path) {
    HttpClient browser =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    String login = page(browser, HttpRequest.newBuilder(uri("/console/login")).GET());
    Matcher csrf = HIDDEN_FIELD.matcher(login);
    assertTrue(csrf.find(), "no CSRF field on the login page: " + login);
    String form =
        "token="
            + URLEncoder.encode(EngineTestSupport.token(data, identity), StandardCharsets.UTF_8)
            + "&"
            + csrf.group(1)
            + "="
            + URLEncoder.encode(csrf.group(2), StandardCharsets.UTF_8);
    page(
        browser,
        HttpRequest.newBuilder(uri("/console/login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)));
    return page(browser, HttpRequest.newBuilder(uri(path)).GET());
  }

  private static final Pattern HIDDEN_FIELD =
      Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]+)\">");

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  private static String page(HttpClient browser, HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode(), response.uri() + ": " + response.body());
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The labelers label a runbook's whole queue, taking turns, until it closes. */
  void labelAll(String workflowId, SimulatedLabelers labelers) {
    JsonNode queue = ok("labeler-li", "GET", "/api/runs/" + workflowId + "/labeling", null);
    int i = 0;
    for (JsonNode ticket : queue.path("tickets")) {
      String labeler = i++ % 2 == 0 ? "labeler-li" : "labeler-mo";
      Reply labeled =
          call(
              labeler,
              "POST",
              "/api/runs/" + workflowId + "/labels",
              labelers.label(ticket.path("ticket_id").asString()));
      if (labeled.status() == 409) {
        break; // the queue closed at quorum
      }
      assertEquals(200, labeled.status(), labeled.body());
    }
  }
}
