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

  /** Creates the file (and its folder) when missing; the channel may read and write. */
  // The FileLock is held for its effect alone: releasing it at the end of the block is the point.
  @SuppressWarnings("try")
  public static <R> R withExclusiveLock(Path file, LockedAction<R> action) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path key = key(file);
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

  /**
   * Reads an existing file once no exclusive holder is writing it. Opens it for reading only and
   * creates nothing, so a file in a read-only folder or file system can be read this way.
   */
  @SuppressWarnings("try")
  public static <R> R withSharedLock(Path file, LockedAction<R> action) {
    try {
      Path key = key(file);
      ReentrantLock lock = IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
      lock.lock();
      try (FileChannel channel = FileChannel.open(key, StandardOpenOption.READ);
          FileLock ignored = channel.lock(0, Long.MAX_VALUE, true)) {
        return action.run(channel);
      } finally {
        lock.unlock();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One key per file however it is named: a relative path, a link to its folder. */
  private static Path key(Path file) throws IOException {
    return file.toAbsolutePath().getParent().toRealPath().resolve(file.getFileName());
  }
}
