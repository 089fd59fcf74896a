package com.evalops.cli.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's answers as the command line reports them, against a real local HTTP server. */
class EngineClientTest {
  @TempDir Path tmp;
  private HttpServer engine;
  private final List<String> seen = new CopyOnWriteArrayList<>();

  /** Answers {@code /api/status/<code>} with that status and an engine-style error body. */
  @BeforeEach
  void startEngine() throws IOException {
    engine = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    engine.createContext(
        "/api/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          seen.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI().getRawPath()
                  + " auth="
                  + exchange.getRequestHeaders().getFirst("Authorization")
                  + " channel="
                  + exchange.getRequestHeaders().getFirst("X-Evalops-Channel")
                  + " body="
                  + body);
          String path = exchange.getRequestURI().getPath();
          int status = path.startsWith("/api/status/") ? Integer.parseInt(path.substring(12)) : 202;
          String answer =
              switch (status) {
                case 202 -> "{\"workflowId\":\"regression-billing\",\"joined\":false}";
                case 400 ->
                    "{\"error\":\"bad_request\",\"reason\":\"ticketId is required\","
                        + "\"field\":\"ticketId\"}";
                case 403 ->
                    "{\"error\":\"forbidden\",\"reason\":\"lead-1 lacks the role to submitLabel"
                        + " (needs labeler)\"}";
                case 409 ->
                    "{\"error\":\"refused\",\"reason\":\"ticket T-9 is not in sample s-1\"}";
                case 500 -> "<html>boom</html>";
                default -> "{\"error\":\"x\",\"reason\":\"status " + status + " from the engine\"}";
              };
          byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    engine.start();
  }

  @AfterEach
  void stopEngine() {
    engine.stop(0);
  }

  private EngineClient client() {
    return new EngineClient(
        URI.create("http://127.0.0.1:" + engine.getAddress().getPort() + "/"), "tok-ana");
  }

  private EngineException failure(int status) {
    return assertThrows(EngineException.class, () -> client().get("/api/status/" + status));
  }

  @Test
  void givenAccepted_whenPosted_thenJsonReturnedAndCallerAndChannelSent() {
    JsonNode answer =
        client()
            .post(
                EngineClient.path("incidents"),
                new LinkedHashMap<>(Map.of("scope", "billing", "harm", true, "detail", "x")));

    assertEquals("regression-billing", answer.path("workflowId").asText());
    String request = seen.get(0);
    assertTrue(request.startsWith("POST /api/incidents auth=Bearer tok-ana channel=cli"), request);
    assertTrue(request.contains("\"scope\":\"billing\""), request);
  }

  @Test
  void givenNullFields_whenPosted_thenLeftOut() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("scope", "billing");
    body.put("tickets", null);

    client().post("/api/incidents", body);

    assertTrue(seen.get(0).endsWith("body={\"scope\":\"billing\"}"), seen.get(0));
  }

  @Test
  void givenSegmentsWithSpaces_whenPathBuilt_thenEachEncoded() {
    assertEquals(
        "/api/incidents/a%20b%2Fc/mitigation",
        EngineClient.path("incidents", "a b/c", "mitigation"));
  }

  @Test
  void givenBadRequest_thenExit2WithReasonAndField() {
    EngineException e = failure(400);

    assertEquals(2, e.exitCode());
    assertEquals("error: ticketId is required (field ticketId)", e.getMessage());
    assertEquals("ticketId", e.field());
  }

  @Test
  void givenForbidden_thenExit1RefusedWithReason() {
    EngineException e = failure(403);

    assertEquals(1, e.exitCode());
    assertEquals("refused: lead-1 lacks the role to submitLabel (needs labeler)", e.getMessage());
  }

  @Test
  void givenValidatorRefusal_thenExit1WithTheValidatorsWords() {
    EngineException e = failure(409);

    assertEquals(1, e.exitCode());
    assertEquals("refused: ticket T-9 is not in sample s-1", e.getMessage());
    assertEquals(409, e.status());
  }

  @Test
  void givenUnauthorized_thenExit1RefusedWithAHint() {
    EngineException e = failure(401);

    assertEquals(1, e.exitCode());
    assertTrue(e.getMessage().startsWith("refused: status 401 from the engine"), e.getMessage());
    assertTrue(e.getMessage().contains("EVALOPS_TOKEN"), e.getMessage());
  }

  @Test
  void givenNotFound_thenExit2() {
    EngineException e = failure(404);

    assertEquals(2, e.exitCode());
    assertEquals("not found: status 404 from the engine", e.getMessage());
  }

  @Test
  void givenServerErrorWithoutJson_thenExit3WithTheBodysFirstLine() {
    EngineException e = failure(500);

    assertEquals(3, e.exitCode());
    assertEquals("engine error (HTTP 500): <html>boom</html>", e.getMessage());
  }

  @Test
  void givenUnavailable_thenExit3() {
    assertEquals(3, failure(503).exitCode());
  }

  @Test
  void givenNoEngineListening_thenExit3SayingHowToStartOne() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    EngineClient nobody = new EngineClient(URI.create("http://127.0.0.1:" + port), "t");

    EngineException e = assertThrows(EngineException.class, () -> nobody.get("/api/whoami"));

    assertEquals(3, e.exitCode());
    assertEquals(
        "no engine at http://127.0.0.1:" + port + ": start it with ./evalops up", e.getMessage());
  }

  @Test
  void givenAsIdentity_whenTokenResolved_thenReadFromTheDevTokensFile() throws IOException {
    Path file = devTokens();

    assertEquals("tok-lead", EngineClient.token("lead-1", file, Map.of()));
  }

  @Test
  void givenAsIdentityAndEvalopsToken_thenTheNamedIdentityWins() throws IOException {
    Path file = devTokens();

    assertEquals(
        "tok-lead", EngineClient.token("lead-1", file, Map.of("EVALOPS_TOKEN", "tok-env")));
    assertEquals("tok-env", EngineClient.token(null, file, Map.of("EVALOPS_TOKEN", "tok-env")));
  }

  @Test
  void givenDevTokensPathInTheEnvironment_whenAs_thenThatFileIsRead() throws IOException {
    Path file = devTokens();

    assertEquals(
        "tok-ana",
        EngineClient.token("oncall-ana", null, Map.of("EVALOPS_DEV_TOKENS", file.toString())));
  }

  @Test
  void givenNeitherTokenNorIdentity_thenExit2SayingWhatToSet() {
    EngineException e =
        assertThrows(EngineException.class, () -> EngineClient.token(null, null, Map.of()));

    assertEquals(2, e.exitCode());
    assertTrue(
        e.getMessage().contains("set EVALOPS_TOKEN or use --as <identity> on a laptop engine"),
        e.getMessage());
  }

  @Test
  void givenUnknownIdentity_thenExit2NamingTheKnownOnes() throws IOException {
    Path file = devTokens();

    EngineException e =
        assertThrows(EngineException.class, () -> EngineClient.token("lead-9", file, Map.of()));

    assertEquals(2, e.exitCode());
    assertTrue(e.getMessage().contains("lead-1, oncall-ana"), e.getMessage());
  }

  @Test
  void givenNoDevTokensFile_thenExit2SayingHowToGetOne() {
    EngineException e =
        assertThrows(
            EngineException.class,
            () -> EngineClient.token("lead-1", tmp.resolve("none.properties"), Map.of()));

    assertEquals(2, e.exitCode());
    assertTrue(e.getMessage().contains("./evalops up"), e.getMessage());
  }

  @Test
  void givenEngineOptionOrEnvironment_whenBaseUrlChosen_thenOptionThenEnvThenDefault() {
    Map<String, String> env = Map.of("EVALOPS_ENGINE_URL", "http://engine:9000");

    assertEquals(URI.create("http://x:1"), EngineClient.baseUrl("http://x:1", env));
    assertEquals(URI.create("http://engine:9000"), EngineClient.baseUrl(null, env));
    assertEquals(URI.create("http://localhost:8080"), EngineClient.baseUrl(null, Map.of()));
    assertEquals(
        2,
        assertThrows(EngineException.class, () -> EngineClient.baseUrl("localhost:8080", Map.of()))
            .exitCode());
  }

  private Path devTokens() throws IOException {
    Path file = tmp.resolve("dev-tokens.properties");
    Files.writeString(file, "# demo\noncall-ana=tok-ana\nlead-1=tok-lead\n");
    return file;
  }
}
