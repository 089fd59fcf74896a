package com.evalops.stores.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server for the tests: S3Proxy (its executable jar, which the build copies
 * into target/) in a child process on a free local port, keeping objects in its memory, with signed
 * requests checked. One server serves the whole test run; each injected {@link Bucket} is a new,
 * empty bucket. Its log is in target/s3-server/run-*.
 *
 * <p>S3Proxy rather than Adobe S3Mock: S3Mock 4.x (the last line that runs on Java 17) answers
 * {@code If-None-Match: *} with 412 one request at a time, but lets several of 16 concurrent
 * writers of one key all succeed, so it cannot stand in for S3's atomic conditional writes.
 * S3Proxy's stores take a lock around the check and the write.
 */
public final class S3TestServer implements BeforeAllCallback, ParameterResolver {
  /** A fresh bucket on the running server, and a client built by {@link S3Clients}. */
  public record Bucket(S3Client client, String name, URI endpoint) {}

  /** The credentials the server checks; a client under test signs its requests with them. */
  public static final String ACCESS_KEY_ID = "evalops-test";

  public static final String SECRET_ACCESS_KEY = "evalops-test-secret";

  private static Running standalone;

  private static final String ACCESS_KEY = ACCESS_KEY_ID;
  private static final String SECRET_KEY = SECRET_ACCESS_KEY;
  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(S3TestServer.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    running(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Bucket.class;
  }

  @Override
  public Bucket resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Running server = running(context);
    String name = "test-" + UUID.randomUUID();
    server.client().createBucket(b -> b.bucket(name));
    return new Bucket(server.client(), name, server.endpoint());
  }

  /**
   * A fresh bucket for a test that cannot take a parameter (a Spring context's properties are set
   * before any test method runs): the server is started once for this JVM and stopped when it ends.
   */
  public static synchronized Bucket standaloneBucket() {
    if (standalone == null) {
      Running server = start();
      Runtime.getRuntime().addShutdownHook(new Thread(server::close));
      standalone = server;
    }
    String name = "test-" + UUID.randomUUID();
    standalone.client().createBucket(b -> b.bucket(name));
    return new Bucket(standalone.client(), name, standalone.endpoint());
  }

  private static Running running(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .computeIfAbsent(Running.class, type -> start(), Running.class);
  }

  /** Closed by JUnit when the root context closes, after the last test class. */
  private record Running(Process process, URI endpoint, S3Client client) implements AutoCloseable {
    @Override
    public void close() {
      client.close();
      process.destroy();
      try {
        if (process.waitFor(10, TimeUnit.SECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process.destroyForcibly();
    }
  }

  private static Running start() {
    String jarProperty = System.getProperty("evalops.s3server.jar");
    if (jarProperty == null || !Files.isRegularFile(Path.of(jarProperty))) {
      throw new IllegalStateException(
          "S3Proxy jar not found at '"
              + jarProperty
              + "' (system property evalops.s3server.jar); run the tests through Maven, which"
              + " copies it into target/s3-server");
    }
    try {
      Path folder =
          Files.createDirectories(Path.of(jarProperty).resolveSibling("run-" + UUID.randomUUID()));
      URI endpoint = URI.create("http://127.0.0.1:" + freePort());
      Path properties = folder.resolve("s3proxy.properties");
      Files.writeString(
          properties,
          String.join(
              "\n",
              "s3proxy.endpoint=" + endpoint,
              "s3proxy.authorization=aws-v2-or-v4",
              "s3proxy.identity=" + ACCESS_KEY,
              "s3proxy.credential=" + SECRET_KEY,
              "jclouds.provider=transient-nio2",
              ""));
      Path log = folder.resolve("s3proxy.log");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      // C1 only and the serial collector: a server that lives for one test run warms up faster and
      // spends less CPU on itself, which the concurrency tests need on a two-core machine.
      Process process =
          new ProcessBuilder(
                  java,
                  "-Xmx512m",
                  "-XX:TieredStopAtLevel=1",
                  "-XX:+UseSerialGC",
                  "-jar",
                  jarProperty,
                  "--properties",
                  properties.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      awaitAnswer(process, endpoint, log);
      // One client for every test bucket: the settings' bucket is for stores, not the client.
      S3Client client =
          S3Clients.create(
              new S3Settings(
                  "evalops-test", null, "us-east-1", endpoint, true, ACCESS_KEY, SECRET_KEY));
      return new Running(process, endpoint, client);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Any HTTP answer means the server is listening; a dead process fails at once with its log. */
  private static void awaitAnswer(Process process, URI endpoint, Path log) throws IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    Instant deadline = Instant.now().plus(STARTUP);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "S3Proxy exited with "
                + process.exitValue()
                + " before answering on "
                + endpoint
                + ":\n"
                + Files.readString(log, StandardCharsets.UTF_8));
      }
      try {
        http.send(HttpRequest.newBuilder(endpoint).build(), HttpResponse.BodyHandlers.discarding());
        return;
      } catch (IOException notYet) {
        sleep(Duration.ofMillis(100));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
        throw new IllegalStateException("interrupted while waiting for S3Proxy", e);
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException(
        "S3Proxy did not answer on " + endpoint + " within " + STARTUP + "; log in " + log);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for S3Proxy", e);
    }
  }
}
