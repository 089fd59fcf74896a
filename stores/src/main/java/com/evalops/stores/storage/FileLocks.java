package com.evalops.stores.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive access to a file across threads and processes. A {@link FileLock} alone is held on
 * behalf of the whole JVM (a second channel in the same JVM gets {@code
 * OverlappingFileLockException}, not a wait), so threads and store instances in one JVM first queue
 * on a lock shared per path, then the holder takes the OS lock to exclude other processes.
 */
public final class FileLocks {
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS =
      new ConcurrentHashMap<>();

  private FileLocks() {}

  /** What runs while the lock is held, with the locked channel (opened for read and write). */
  @FunctionalInterface
  public interface LockedAction<R> {
    R run(FileChannel channel) throws IOException;
  }

  // The FileLock is held for its effect alone: releasing it at the end of the block is the point.
  @SuppressWarnings("try")
  public static <R> R withExclusiveLock(Path file, LockedAction<R> action) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path key = file.toAbsolutePath().getParent().toRealPath().resolve(file.getFileName());
      ReentrantLock lock = IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
      lock.lock();
      try (FileChannel channel =
              FileChannel.open(
                  key,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.READ,
                  StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        return action.run(channel);
      } finally {
        lock.unlock();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
