package com.evalops.stores.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Writes that readers see whole or not at all: the bytes go to a temporary file in the target's
 * folder (same file system, so the rename is atomic), are forced to disk, then renamed over the
 * target.
 */
public final class AtomicFiles {
  /** Temporary files start with this prefix so listings can skip them. */
  public static final String TEMP_PREFIX = ".tmp-";

  private AtomicFiles() {}

  public static void write(Path target, byte[] content) {
    try {
      Files.createDirectories(target.toAbsolutePath().getParent());
      Path temp = tempFor(target);
      try (FileChannel channel =
          FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      moveIntoPlace(temp, target);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fresh temporary path next to {@code target}. */
  public static Path tempFor(Path target) {
    return target
        .toAbsolutePath()
        .getParent()
        .resolve(TEMP_PREFIX + UUID.randomUUID() + "-" + target.getFileName());
  }

  public static void moveIntoPlace(Path temp, Path target) throws IOException {
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
