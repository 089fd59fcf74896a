package com.evalops.cli.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An engine on embedded defaults in a child process, on free ports and its own data folder, so the
 * demo never disturbs an engine already running with {@code ./evalops up}.
 */
final class EngineProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final Process process;
  private final URI url;
  private final Path dataDir;
  private final Path log;

  private EngineProcess(Process process, URI url, Path dataDir, Path log) {
    this.process = process;
    this.url = url;
    this.dataDir = dataDir;
    this.log = log;
  }

  static EngineProcess start(Path engineJar, Path dataDir, Path datasetRoot) {
    if (!Files.isRegularFile(engineJar)) {
      throw new IllegalStateException(
          "no engine jar at " + engineJar + ": run the demo through ./evalops, which builds it");
    }
    try {
      Files.createDirectories(dataDir);
      int httpPort = freePort();
      int temporalPort = freePort();
      Path log = dataDir.resolve("engine.log");
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-jar");
      command.add(engineJar.toString());
      command.add("--server.port=" + httpPort);
      command.add("--evalops.temporal.embedded-port=" + temporalPort);
      command.add("--evalops.data-dir=" + dataDir);
      command.add("--evalops.dataset-root=" + datasetRoot);
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      EngineProcess engine =
          new EngineProcess(process, URI.create("http://localhost:" + httpPort), dataDir, log);
      engine.awaitHealthy();
      return engine;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the engine", e);
    }
  }

  URI url() {
    return url;
  }

  Path dataDir() {
    return dataDir;
  }

  Path log() {
    return log;
  }

  private void awaitHealthy() {
    HttpClient http = HttpClient.newHttpClient();
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the engine stopped during start-up (exit " + process.exitValue() + "); see " + log);
      }
      try {
        HttpResponse<String> health =
            http.send(
                HttpRequest.newBuilder(url.resolve("/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the engine started", e);
      }
      sleep(250);
    }
    close();
    throw new IllegalStateException(
        "the engine did not become healthy within " + START_TIMEOUT.toSeconds() + " s; see " + log);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
