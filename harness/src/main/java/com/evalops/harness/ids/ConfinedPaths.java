package com.evalops.harness.ids;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * Paths that must stay inside the engine's own folders. A path is judged after it is made absolute
 * and normalized ({@code a/../..} counts where it lands), and, when it exists, by where its links
 * lead, so a link inside a root cannot reach a file outside it.
 */
public final class ConfinedPaths {
  private ConfinedPaths() {}

  /**
   * @return {@code path}, absolute and normalized, when it lies under {@code root}
   * @throws IllegalArgumentException otherwise
   */
  public static Path under(Path root, Path path) {
    Path inside = normalized(path);
    if (!isUnder(normalized(root), inside) || !isUnder(real(root), real(inside))) {
      throw new IllegalArgumentException(path + " is outside " + normalized(root));
    }
    return inside;
  }

  /**
   * A file the engine keeps, named by a path or a {@code file:} URI (the engine hands out both).
   *
   * @return the file's path, absolute and normalized, when it lies under one of {@code roots}
   * @throws IllegalArgumentException for anything else: another scheme, an unreadable reference, a
   *     path outside every root (the message names the roots, never the file's content)
   */
  public static Path fileUnder(String ref, List<Path> roots) {
    Path file = path(ref);
    for (Path root : roots) {
      Path inside = normalized(file);
      if (isUnder(normalized(root), inside) && isUnder(real(root), real(inside))) {
        return inside;
      }
    }
    throw new IllegalArgumentException(
        "the file must be under "
            + String.join(" or ", roots.stream().map(r -> normalized(r).toString()).toList()));
  }

  private static Path path(String ref) {
    if (ref == null || ref.isBlank()) {
      throw new IllegalArgumentException("a path or file: URI is required");
    }
    try {
      if (ref.startsWith("file:")) {
        return Path.of(URI.create(ref));
      }
      if (ref.matches("[A-Za-z][A-Za-z0-9+.-]*:.*")) {
        throw new IllegalArgumentException(
            "only a path or a file: URI names a file here, not a "
                + ref.split(":", 2)[0]
                + ": URI");
      }
      return Path.of(ref);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("not a path: " + e.getReason(), e);
    }
  }

  private static boolean isUnder(Path root, Path path) {
    return path.startsWith(root);
  }

  private static Path normalized(Path path) {
    return path.toAbsolutePath().normalize();
  }

  /**
   * Where links lead: the real path of the longest part of {@code path} that exists, with the rest
   * appended (a file about to be written does not exist yet, its folder may be a link).
   */
  private static Path real(Path path) {
    Path absolute = normalized(path);
    Path existing = absolute;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return absolute;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(absolute));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve " + existing, e);
    }
  }
}
