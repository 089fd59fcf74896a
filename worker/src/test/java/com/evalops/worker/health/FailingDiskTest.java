package com.evalops.worker.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.stores.artifact.ArtifactStore;
import com.evalops.stores.ledger.ActorAction;
import com.evalops.stores.ledger.DecisionEntry;
import com.evalops.stores.ledger.Ledger;
import com.evalops.worker.EngineTestSupport;
import com.evalops.workflows.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole engine, over real HTTP, when what it writes cannot be written: refusals keep their
 * status (401, 403) and their JSON body, health turns DOWN naming the store until a write succeeds
 * again, and the logs can still be verified from a folder nobody may write to.
 *
 * <p>A folder or a file where a file or a folder belongs makes writes fail for any user; the
 * read-only folder itself needs a user that file permissions bind, which root is not.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "evalops.temporal.embedded-port=-1")
class FailingDiskTest {
  static final Path DATA = EngineTestSupport.newDataDir();
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @LocalServerPort int port;
  @Autowired Ledger<DecisionEntry> decisionLog;
  @Autowired ArtifactStore artifacts;

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    registry.add("evalops.data-dir", DATA::toString);
    registry.add("evalops.dataset-root", () -> EngineTestSupport.demoDataset().toString());
  }

  record Reply(int status, String body) {
    JsonNode json() {
      return JSON.readTree(body);
    }
  }

  Reply call(String identity, String method, String path, String json) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(json == null ? "" : json));
    if (identity != null) {
      request.header("Authorization", "Bearer " + EngineTestSupport.token(DATA, identity));
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

  Reply health() {
    return call(null, "GET", "/actuator/health", null);
  }

  static String storeStatus(Reply health, String store) {
    return health
        .json()
        .path("components")
        .path("storeWrites")
        .path("components")
        .path(store)
        .path("status")
        .asString();
  }

  static DecisionEntry decision(String id) {
    return new DecisionEntry(
        id,
        "run-" + id,
        "weekly",
        "PASS",
        "accept",
        List.of(new ActorAction("oncall-ana", "oncall", "decided", Instant.now(), "api", "ok")),
        null,
        "v12",
        null,
        List.of(),
        "v2",
        null);
  }

  @Test
  void givenAnUnwritableRefusalLog_whenRequestsAreRefused_thenTheyKeepTheirStatusAndHealthIsDown()
      throws Exception {
    Path refusals = DATA.resolve("refusals.jsonl");
    Files.deleteIfExists(refusals);
    Files.createDirectory(refusals);
    try {
      Reply unauthenticated = call(null, "GET", "/api/runs", null);
      Reply forbidden =
          call(
              "labeler-li",
              "POST",
              "/api/incidents",
              "{\"scope\":\"disk\",\"alarm\":\"quality-drop\"}");
      Reply down = health();

      assertEquals(401, unauthenticated.status(), unauthenticated.body());
      assertEquals("unauthorized", unauthenticated.json().path("error").asString());
      assertEquals(403, forbidden.status(), forbidden.body());
      assertTrue(
          forbidden.json().path("reason").asString().contains("labeler-li lacks the role"),
          forbidden.body());
      assertEquals(503, down.status(), down.body());
      assertEquals("DOWN", down.json().path("status").asString(), down.body());
      assertEquals("DOWN", storeStatus(down, "refusalLog"), down.body());
      assertEquals("UP", storeStatus(down, "decisionLog"), down.body());
    } finally {
      Files.delete(refusals);
    }

    assertEquals(401, call(null, "GET", "/api/runs", null).status());
    Reply up = Await.until("health UP again", this::health, reply -> reply.status() == 200);
    assertEquals("UP", storeStatus(up, "refusalLog"), up.body());
  }

  @Test
  void givenAnUnwritableDecisionLogAndArtifactStore_whenWritten_thenHealthNamesEachUntilItRecovers()
      throws Exception {
    Path log = DATA.resolve("decision-log.jsonl");
    Path saved = DATA.resolve("decision-log.saved");
    boolean hadLog = Files.exists(log);
    if (hadLog) {
      Files.move(log, saved);
    }
    Files.createDirectory(log);
    Path artifactsRoot = DATA.resolve("artifacts");
    Path savedArtifacts = DATA.resolve("artifacts.saved");
    boolean hadArtifacts = Files.exists(artifactsRoot);
    if (hadArtifacts) {
      Files.move(artifactsRoot, savedArtifacts);
    }
    Files.writeString(artifactsRoot, "a file where the artifact folder belongs");
    Path report = Files.createTempDirectory("report");
    Files.writeString(report.resolve("metrics.json"), "{}");
    try {
      assertThrows(RuntimeException.class, () -> decisionLog.append(decision("disk-1")));
      assertThrows(RuntimeException.class, () -> artifacts.putRun("disk-run", report));
      Reply down = health();

      assertEquals(503, down.status(), down.body());
      assertEquals("DOWN", storeStatus(down, "decisionLog"), down.body());
      assertEquals("DOWN", storeStatus(down, "artifactStore"), down.body());
      assertEquals("UP", storeStatus(down, "changeLog"), down.body());
    } finally {
      Files.delete(log);
      Files.delete(artifactsRoot);
      if (hadLog) {
        Files.move(saved, log);
      }
      if (hadArtifacts) {
        Files.move(savedArtifacts, artifactsRoot);
      }
    }

    decisionLog.append(decision("disk-2"));
    artifacts.putRun("disk-run", report);
    Reply up = health();
    assertEquals("UP", storeStatus(up, "decisionLog"), up.body());
    assertEquals("UP", storeStatus(up, "artifactStore"), up.body());
  }

  @Test
  void givenADeletedHead_whenVerified_thenReportedAndNotWrittenAgain() throws Exception {
    decisionLog.append(decision("unsigned-1"));
    Path head = DATA.resolve("decision-log.head.json");
    byte[] signed = Files.readAllBytes(head);
    Files.delete(head);
    try {
      Reply verified = call("auditor-au", "GET", "/api/decisions/verify", null);

      assertEquals(200, verified.status(), verified.body());
      JsonNode decisions = verified.json().path("decisionLog");
      assertFalse(decisions.path("intact").asBoolean(), verified.body());
      assertTrue(
          decisions.path("reason").asString().contains("decision-log.head.json is missing"),
          verified.body());
      assertTrue(Files.notExists(head), "verify wrote " + head);
    } finally {
      Files.write(head, signed);
    }
  }

  @Test
  void givenAReadOnlyDataFolder_whenAnAuditorVerifies_thenTheLogsAreChecked() throws Exception {
    decisionLog.append(decision("read-only-1"));
    Set<PosixFilePermission> writable = Files.getPosixFilePermissions(DATA);
    Files.setPosixFilePermissions(DATA, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      Assumptions.assumeFalse(
          Files.isWritable(DATA), "this user writes through file permissions (root)");

      Reply verified = call("auditor-au", "GET", "/api/decisions/verify", null);

      assertEquals(200, verified.status(), verified.body());
      assertTrue(verified.json().path("decisionLog").path("intact").asBoolean(), verified.body());
    } finally {
      Files.setPosixFilePermissions(DATA, writable);
    }
  }
}
