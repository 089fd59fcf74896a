package com.evalops.worker;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Where a test engine keeps its data, and the demo tokens it writes there. */
public final class EngineTestSupport {
  private EngineTestSupport() {}

  public static Path repoRoot() {
    return Path.of(System.getProperty("evalops.repo.root", "..")).toAbsolutePath().normalize();
  }

  public static Path demoDataset() {
    return repoRoot().resolve("datasets").resolve("demo");
  }

  public static Path newDataDir() {
    try {
      return Files.createTempDirectory("evalops-engine-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String token(Path dataDir, String identity) {
    Properties tokens = new Properties();
    try (Reader in = Files.newBufferedReader(dataDir.resolve("dev-tokens.properties"))) {
      tokens.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return tokens.getProperty(identity);
  }
}
