package com.evalops.harness.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README and {@code docs/} are read by people who follow their links: every relative link must
 * reach a file inside the repository (a link that leaves it works on one machine only), and an
 * anchor must name a heading of its target.
 */
class DocumentationLinksTest {
  private static final Path ROOT =
      Path.of(System.getProperty("evalops.repo.root", "..")).toAbsolutePath().normalize();

  /** {@code [text](dest)} or {@code ![alt](dest "title")}; nested brackets are not used here. */
  private static final Pattern INLINE_LINK =
      Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*(<[^>]*>|[^)\\s]+)(?:\\s+\"[^\"]*\")?\\s*\\)");

  private static final Pattern REFERENCE_DEFINITION =
      Pattern.compile("^ {0,3}\\[[^\\]]+\\]:\\s*(<[^>]*>|\\S+)");
  private static final Pattern CODE_SPAN = Pattern.compile("`+[^`]*`+");
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
  private static final Pattern HEADING = Pattern.compile("^ {0,3}#{1,6}\\s+(.*?)\\s*#*\\s*$");

  @Test
  void givenReadmeAndDocs_whenEveryRelativeLinkIsFollowed_thenItReachesAFileAndHeadingInTheRepo()
      throws IOException {
    List<Path> files = markdownFiles(ROOT);
    assertTrue(files.contains(ROOT.resolve("README.md")), "README.md at " + ROOT);
    assertTrue(files.size() > 1, "docs/*.md under " + ROOT);

    List<String> broken = new ArrayList<>();
    for (Path file : files) {
      broken.addAll(brokenLinks(ROOT, file));
    }

    assertEquals(List.of(), broken, "broken links in the documentation");
  }

  @Test
  void givenDanglingEscapingAndWrongAnchorLinks_whenChecked_thenEachIsReported(@TempDir Path repo)
      throws IOException {
    Files.createDirectories(repo.resolve("docs"));
    Files.writeString(repo.resolve("docs/guide.md"), "# Guide\n\n## Leaving safe mode: §8\n");
    Files.writeString(
        repo.resolve("README.md"),
        String.join(
            "\n",
            "# Demo",
            "[ok](docs/guide.md#leaving-safe-mode-8) [top](#demo) <https://example.com>",
            "[web](https://example.com/x.md) `[code](not-a-link.md)`",
            "[missing](docs/missing.md)",
            "[outside](../shared/seed.md)",
            "[anchor](docs/guide.md#no-such-heading)",
            "```",
            "[fenced](ignored.md)",
            "```",
            "[ref]: docs/gone.md",
            ""));

    List<String> broken = brokenLinks(repo, repo.resolve("README.md"));

    assertEquals(4, broken.size(), broken.toString());
    assertTrue(broken.get(0).contains("docs/missing.md") && broken.get(0).contains("no such file"));
    assertTrue(broken.get(1).contains("../shared/seed.md") && broken.get(1).contains("leaves"));
    assertTrue(broken.get(2).contains("#no-such-heading"));
    assertTrue(broken.get(3).contains("docs/gone.md"));
  }

  /** {@code README.md} and every {@code docs/**}{@code /*.md}. */
  private static List<Path> markdownFiles(Path root) throws IOException {
    List<Path> files = new ArrayList<>();
    files.add(root.resolve("README.md"));
    Path docs = root.resolve("docs");
    if (Files.isDirectory(docs)) {
      try (Stream<Path> walk = Files.walk(docs)) {
        files.addAll(walk.filter(p -> p.toString().endsWith(".md")).sorted().toList());
      }
    }
    return files;
  }

  /** Each relative link of {@code file} that does not resolve, as "file:line: dest: why". */
  static List<String> brokenLinks(Path root, Path file) throws IOException {
    List<String> broken = new ArrayList<>();
    Map<Path, Set<String>> anchors = new HashMap<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    boolean fenced = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.stripLeading().startsWith("```") || line.stripLeading().startsWith("~~~")) {
        fenced = !fenced;
        continue;
      }
      if (fenced) {
        continue;
      }
      String text = CODE_SPAN.matcher(line).replaceAll("");
      List<String> destinations = new ArrayList<>();
      Matcher inline = INLINE_LINK.matcher(text);
      while (inline.find()) {
        destinations.add(inline.group(1));
      }
      Matcher reference = REFERENCE_DEFINITION.matcher(text);
      if (reference.find()) {
        destinations.add(reference.group(1));
      }
      for (String destination : destinations) {
        String problem = problem(root, file, unbracket(destination), anchors);
        if (problem != null) {
          broken.add(root.relativize(file) + ":" + (i + 1) + ": " + destination + ": " + problem);
        }
      }
    }
    return broken;
  }

  private static String problem(
      Path root, Path file, String destination, Map<Path, Set<String>> anchors) {
    if (SCHEME.matcher(destination).find()) {
      return null; // a web address or mailto: not a file of the repository
    }
    int hash = destination.indexOf('#');
    String pathPart = hash < 0 ? destination : destination.substring(0, hash);
    String anchor = hash < 0 ? null : destination.substring(hash + 1);
    Path target =
        pathPart.isEmpty()
            ? file
            : file.getParent()
                .resolve(URLDecoder.decode(pathPart, StandardCharsets.UTF_8))
                .normalize();
    if (!target.startsWith(root.normalize())) {
      return "leaves the repository";
    }
    if (!Files.exists(target)) {
      return "no such file " + root.relativize(target);
    }
    if (anchor != null && !anchor.isEmpty() && target.toString().endsWith(".md")) {
      Set<String> headings = anchors.computeIfAbsent(target, DocumentationLinksTest::headingIds);
      if (!headings.contains(anchor)) {
        return "no heading #" + anchor + " in " + root.relativize(target);
      }
    }
    return null;
  }

  private static String unbracket(String destination) {
    return destination.startsWith("<") && destination.endsWith(">")
        ? destination.substring(1, destination.length() - 1)
        : destination;
  }

  /** The ids GitHub gives a file's headings, duplicates numbered as it numbers them. */
  private static Set<String> headingIds(Path markdown) {
    List<String> lines;
    try {
      lines = Files.readAllLines(markdown, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Set<String> ids = new HashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean fenced = false;
    for (String line : lines) {
      if (line.stripLeading().startsWith("```") || line.stripLeading().startsWith("~~~")) {
        fenced = !fenced;
        continue;
      }
      Matcher heading = HEADING.matcher(line);
      if (fenced || !heading.matches()) {
        continue;
      }
      String slug = slug(heading.group(1));
      int count = seen.merge(slug, 1, Integer::sum);
      ids.add(count == 1 ? slug : slug + "-" + (count - 1));
    }
    return ids;
  }

  /**
   * GitHub's heading id: link text kept, lower case, punctuation dropped, spaces as hyphens.
   * Letters and digits of any script are kept.
   */
  static String slug(String heading) {
    String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
    return text.toLowerCase(Locale.ROOT)
        .codePoints()
        .filter(c -> Character.isLetterOrDigit(c) || c == ' ' || c == '-' || c == '_')
        .mapToObj(c -> c == ' ' ? "-" : Character.toString(c))
        .collect(Collectors.joining());
  }
}
