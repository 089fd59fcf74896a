package com.evalops.worker.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Docker does not run here, so the stack is checked as text: the services, pinned images, health
 * checks, ports, start order, the optional S3 service, and the worker's environment against the
 * engine's configuration properties (the metadata the configuration processor generates).
 */
class DockerComposeFileTest {
  private static final Path ROOT = Path.of(System.getProperty("evalops.repo.root", ".."));

  private static Map<String, Object> services;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void parse() throws IOException {
    Map<String, Object> compose =
        new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
    services = (Map<String, Object>) compose.get("services");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> service(String name) {
    Map<String, Object> service = (Map<String, Object>) services.get(name);
    assertNotNull(service, "service " + name);
    return service;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> environment(String name) {
    return (Map<String, String>) service(name).get("environment");
  }

  @SuppressWarnings("unchecked")
  private static String dependsOn(String service, String on) {
    Map<String, Map<String, String>> deps =
        (Map<String, Map<String, String>>) service(service).get("depends_on");
    assertNotNull(deps, service + " depends_on");
    assertNotNull(deps.get(on), service + " depends on " + on);
    return deps.get(on).get("condition");
  }

  @Test
  void givenComposeFile_whenParsed_thenEveryServiceOfTheStackIsThere() {
    assertTrue(
        services
            .keySet()
            .containsAll(
                List.of(
                    "postgresql",
                    "temporal-schema",
                    "temporal",
                    "temporal-namespace",
                    "temporal-ui",
                    "worker",
                    "s3")),
        services.keySet().toString());
  }

  /** A tag is pinned when it is there, is not latest, and is not left to a variable. */
  static void assertPinned(String where, String image) {
    int slash = image.lastIndexOf('/');
    int colon = image.indexOf(':', slash + 1);
    assertTrue(colon > 0, where + ": " + image + " has no tag");
    String tag = image.substring(colon + 1);
    assertFalse(tag.isBlank(), where + ": empty tag");
    assertFalse(tag.equalsIgnoreCase("latest"), where + ": " + image + " uses latest");
    assertFalse(image.contains("$"), where + ": " + image + " is left to a variable");
  }

  @Test
  void givenEveryImage_whenRead_thenTagPinnedAndNotLatest() {
    services.forEach(
        (name, s) -> {
          Object image = service(name).get("image");
          assertNotNull(image, name + " has an image");
          assertPinned(name, image.toString());
        });
    assertEquals("postgres:16.9", service("postgresql").get("image"));
    assertTrue(service("temporal").get("image").toString().startsWith("temporalio/server:"));
    assertTrue(service("temporal-ui").get("image").toString().startsWith("temporalio/ui:"));
    assertTrue(
        service("temporal-schema").get("image").toString().startsWith("temporalio/admin-tools:"));
  }

  @Test
  void givenLongRunningServices_whenRead_thenHealthChecked() {
    for (String name : List.of("postgresql", "temporal", "worker", "s3")) {
      assertNotNull(service(name).get("healthcheck"), name + " has a health check");
    }
  }

  @Test
  void givenPorts_whenRead_thenFrontendEngineAndUiPublished() {
    assertTrue(((List<?>) service("temporal").get("ports")).contains("7233:7233"));
    assertTrue(((List<?>) service("worker").get("ports")).contains("8080:8080"));
    assertTrue(((List<?>) service("temporal-ui").get("ports")).contains("8233:8080"));
  }

  @Test
  void givenStartOrder_whenRead_thenSchemaBeforeServerNamespaceBeforeWorker() {
    assertEquals("service_healthy", dependsOn("temporal-schema", "postgresql"));
    assertEquals("service_completed_successfully", dependsOn("temporal", "temporal-schema"));
    assertEquals("service_healthy", dependsOn("temporal-namespace", "temporal"));
    assertEquals("service_healthy", dependsOn("temporal-ui", "temporal"));
    assertEquals("service_healthy", dependsOn("worker", "temporal"));
    assertEquals("service_completed_successfully", dependsOn("worker", "temporal-namespace"));
  }

  @Test
  void givenTemporalServer_whenRead_thenPostgresWithoutAutoSetup() {
    Map<String, String> env = environment("temporal");
    assertEquals("postgres12", env.get("DB"));
    assertEquals("postgresql", env.get("POSTGRES_SEEDS"));
    assertFalse(service("temporal").get("image").toString().contains("auto-setup"));
    String schema = String.valueOf(service("temporal-schema").get("command"));
    assertTrue(schema.contains("temporal-sql-tool"), schema);
    assertTrue(schema.contains("temporal_visibility"), schema);
    assertTrue(
        String.valueOf(service("temporal-namespace").get("command"))
            .contains("operator namespace create"));
  }

  @Test
  void givenS3Service_whenRead_thenOnlyUnderItsProfile() {
    assertEquals(List.of("s3"), service("s3").get("profiles"));
    services.forEach(
        (name, s) -> {
          if (!name.equals("s3")) {
            assertFalse(service(name).containsKey("profiles"), name + " runs without a profile");
          }
        });
    @SuppressWarnings("unchecked")
    Map<String, Object> deps = (Map<String, Object>) service("worker").get("depends_on");
    assertFalse(deps.containsKey("s3"), "the worker starts without the optional S3 service");
  }

  /** Spring's relaxed binding: EVALOPS_S3_PATH_STYLE and evalops.s3.path-style are one name. */
  static String canonical(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  static Set<String> engineProperties() throws IOException {
    Path metadata =
        ROOT.resolve("worker/target/classes/META-INF/spring-configuration-metadata.json");
    assertTrue(Files.exists(metadata), "the configuration processor writes " + metadata);
    Set<String> names = new HashSet<>();
    for (JsonNode property : new ObjectMapper().readTree(metadata.toFile()).get("properties")) {
      names.add(property.get("name").asText());
    }
    return names;
  }

  @Test
  void givenWorkerEnvironment_whenCompared_thenEveryEvalopsKeyIsAnEngineProperty()
      throws IOException {
    Set<String> properties = new HashSet<>();
    engineProperties().forEach(p -> properties.add(canonical(p)));
    List<String> unknown = new ArrayList<>();
    environment("worker")
        .keySet()
        .forEach(
            key -> {
              if (key.startsWith("EVALOPS_") && !properties.contains(canonical(key))) {
                unknown.add(key);
              }
            });
    assertEquals(List.of(), unknown, "worker environment keys without an evalops.* property");
    for (String key :
        List.of(
            "EVALOPS_TEMPORAL_TARGET",
            "EVALOPS_TEMPORAL_UI_URL",
            "EVALOPS_DATA_DIR",
            "EVALOPS_DATASET_ROOT",
            "EVALOPS_ARTIFACTS_STORE",
            "EVALOPS_S3_BUCKET",
            "EVALOPS_S3_ENDPOINT",
            "EVALOPS_S3_PATH_STYLE",
            "EVALOPS_S3_REGION",
            "EVALOPS_SCHEDULES_TIME_ZONE")) {
      assertTrue(environment("worker").containsKey(key), key);
    }
    assertEquals("temporal:7233", environment("worker").get("EVALOPS_TEMPORAL_TARGET"));
  }

  @Test
  void givenSlackSecrets_whenRead_thenTakenFromTheHostEnvironmentNeverCommitted() {
    for (String key :
        List.of(
            "EVALOPS_SLACK_BOT_TOKEN", "EVALOPS_SLACK_SIGNING_SECRET", "EVALOPS_SLACK_CHANNEL")) {
      assertEquals("${" + key + ":-}", environment("worker").get(key), key);
    }
  }

  @Test
  void givenWorkerData_whenRead_thenDataDirIsOnAVolume() {
    String dataDir = environment("worker").get("EVALOPS_DATA_DIR");
    assertTrue(
        ((List<?>) service("worker").get("volumes"))
            .stream().anyMatch(v -> v.toString().endsWith(":" + dataDir)),
        "a volume mounted at " + dataDir);
  }

  @Test
  void givenDockerfile_whenRead_thenPinnedBasesNonRootUserAndPort8080() throws IOException {
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    Matcher from = Pattern.compile("(?m)^FROM\\s+(\\S+)").matcher(dockerfile);
    int bases = 0;
    while (from.find()) {
      assertPinned("Dockerfile", from.group(1));
      bases++;
    }
    assertEquals(2, bases, "a build stage and a runtime stage");
    assertTrue(dockerfile.contains("eclipse-temurin-17"), "built with Java 17");
    assertTrue(dockerfile.contains("eclipse-temurin:17"), "runs on a Java 17 JRE");
    Matcher user = Pattern.compile("(?m)^USER\\s+(\\S+)").matcher(dockerfile);
    assertTrue(user.find(), "a USER line");
    assertFalse(Set.of("root", "0").contains(user.group(1)), "runs as " + user.group(1));
    assertTrue(Pattern.compile("(?m)^EXPOSE\\s+8080\\b").matcher(dockerfile).find());
    assertTrue(dockerfile.contains("worker/target/evalops-engine.jar"));
  }
}
