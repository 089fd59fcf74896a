package com.evalops.worker.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.evalops.worker.EngineTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Over real HTTP, since the servlet container decodes and normalizes paths: a path that is the API
 * or the console only after decoding (percent-encoded letters, dot segments, path parameters) is
 * still refused without credentials or a CSRF token.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "evalops.temporal.embedded-port=-1")
class EncodedPathsTest {
  static final Path DATA = EngineTestSupport.newDataDir();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @LocalServerPort int port;

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    registry.add("evalops.data-dir", DATA::toString);
    registry.add("evalops.dataset-root", () -> EngineTestSupport.demoDataset().toString());
  }

  private int status(String method, String rawPath) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + rawPath))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/api/runs", "/%61pi/runs", "/api/./runs", "/x/../api/runs", "/api;x=1/runs"})
  void givenNoToken_whenTheApiIsReachedByAnySpelling_then401(String path) throws Exception {
    assertEquals(401, status("GET", path));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/console/logout", "/%63onsole/logout", "/console/./logout"})
  void givenNoCsrfToken_whenTheConsoleIsPostedToByAnySpelling_then403(String path)
      throws Exception {
    assertEquals(403, status("POST", path));
  }
}
