package com.evalops.activities.notify;

import com.evalops.stores.storage.AtomicFiles;
import com.evalops.stores.storage.StorageJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The Slack messages the engine posted, by key (an approval request, or one notice's activity), so
 * that a retried activity updates or skips instead of posting again. One small JSON file per key
 * under the engine's data folder, written atomically; the file name is the key's SHA-256, the key
 * itself is kept inside for people reading the folder.
 */
public final class SlackMessageStore {
  private static final ObjectMapper JSON = StorageJson.compact();

  /**
   * Where a posted message is: the channel id Slack answered with, and the message's {@code ts}.
   */
  public record Posted(String key, String channel, String ts) {}

  private final Path dir;

  public SlackMessageStore(Path dir) {
    this.dir = dir;
  }

  public Optional<Posted> find(String key) {
    try {
      return Optional.of(JSON.readValue(Files.readAllBytes(file(key)), Posted.class));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Slack message record of " + key, e);
    }
  }

  public void remember(Posted posted) {
    try {
      Files.createDirectories(dir);
      AtomicFiles.write(file(posted.key()), JSON.writeValueAsBytes(posted));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the Slack message of " + posted.key(), e);
    }
  }

  private Path file(String key) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return dir.resolve(HexFormat.of().formatHex(hash) + ".json");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
