package dev.dagstack.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks the project's Markdown: every relative link of {@code README.md} and {@code docs/**}/*.md
 * points to an existing file inside the repository, every {@code #anchor} to a heading of the
 * target page (GitHub's slug rules), and every docs page is linked from the README.
 *
 * <p>Plain Java on purpose: the Markdown used here is ATX headings, fenced code blocks, inline
 * links and images, reference definitions and the odd HTML {@code href}/{@code src}; a parser
 * library would add a dependency for no more checking. Absolute URLs ({@code https:},
 * {@code mailto:}) are not checked: the build has no network.
 */
final class MarkdownLinkCheck {

  private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})");
  private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?[ \\t]*$");
  private static final Pattern CLOSING_HASHES = Pattern.compile("[ \\t]+#+$");
  private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");
  private static final Pattern INLINE_LINK =
      Pattern.compile("\\[((?:[^\\[\\]]|\\[[^\\[\\]]*\\])*)\\]\\(\\s*(<[^>]*>|[^\\s)]+)(?:\\s+(?:\"[^\"]*\"|'[^']*'))?\\s*\\)");
  private static final Pattern REFERENCE_DEFINITION = Pattern.compile("^ {0,3}\\[[^\\]]+\\]:\\s*(<[^>]*>|\\S+)");
  private static final Pattern HTML_TARGET = Pattern.compile("\\b(?:href|src)\\s*=\\s*\"([^\"]*)\"");
  private static final Pattern HTML_ID = Pattern.compile("<a\\s[^>]*\\b(?:id|name)\\s*=\\s*\"([^\"]*)\"");
  private static final Pattern HTML_TAG = Pattern.compile("<[^>]+>");
  /** What GitHub drops from a heading's text when it makes the anchor (github-slugger). */
  private static final Pattern NOT_IN_SLUG =
      Pattern.compile("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

  private final Path root;
  private final Map<Path, Set<String>> anchorsByPage = new HashMap<>();

  private MarkdownLinkCheck(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /**
   * Checks {@code README.md} and every {@code docs/**}/*.md under {@code root}.
   *
   * @return one line per problem, {@code path:line: what is wrong}; empty when all links hold
   */
  static List<String> check(Path root) {
    return new MarkdownLinkCheck(root).run();
  }

  private List<String> run() {
    List<String> problems = new ArrayList<>();
    Path readme = root.resolve("README.md");
    if (!Files.isRegularFile(readme)) {
      return List.of("README.md: missing at " + root);
    }
    List<Path> pages = new ArrayList<>();
    pages.add(readme);
    List<Path> docsPages = docsPages();
    pages.addAll(docsPages);
    Set<Path> linkedFromReadme = new HashSet<>();
    for (Path page : pages) {
      for (Link link : links(page)) {
        Path target = checkLink(page, link, problems);
        if (page.equals(readme) && target != null) {
          linkedFromReadme.add(target);
        }
      }
    }
    for (Path page : docsPages) {
      if (!linkedFromReadme.contains(page)) {
        problems.add("README.md: " + relative(page) + " is not linked from the README's map of the docs");
      }
    }
    return problems;
  }

  private List<Path> docsPages() {
    Path docs = root.resolve("docs");
    if (!Files.isDirectory(docs)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(docs)) {
      return files.filter(p -> p.toString().endsWith(".md") && Files.isRegularFile(p))
          .map(p -> p.toAbsolutePath().normalize()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Checks one link; returns the page or file it points to when that exists, else null. */
  private Path checkLink(Path page, Link link, List<String> problems) {
    String target = link.target();
    if (target.startsWith("<") && target.endsWith(">")) {
      target = target.substring(1, target.length() - 1);
    }
    if (target.isEmpty() || SCHEME.matcher(target).find() || target.startsWith("//")) {
      return null;
    }
    String where = relative(page) + ":" + link.line() + ": ";
    int hash = target.indexOf('#');
    String pathPart = hash < 0 ? target : target.substring(0, hash);
    String anchor = hash < 0 ? null : target.substring(hash + 1);
    int query = pathPart.indexOf('?');
    if (query >= 0) {
      pathPart = pathPart.substring(0, query);
    }
    Path resolved = page;
    if (!pathPart.isEmpty()) {
      if (pathPart.startsWith("/")) {
        problems.add(where + "link " + target + " is absolute; use a path relative to the page");
        return null;
      }
      resolved = page.getParent().resolve(percentDecode(pathPart)).toAbsolutePath().normalize();
      if (!resolved.startsWith(root)) {
        problems.add(where + "link " + target + " points outside the repository");
        return null;
      }
      if (!Files.exists(resolved)) {
        problems.add(where + "link " + target + " points to " + relative(resolved) + ", which does not exist");
        return null;
      }
    }
    if (anchor != null && resolved.toString().endsWith(".md")) {
      if (!anchors(resolved).contains(anchor)) {
        problems.add(where + "link " + target + ": " + relative(resolved) + " has no heading with the anchor #"
            + anchor);
      }
    }
    return resolved;
  }

  private Set<String> anchors(Path page) {
    return anchorsByPage.computeIfAbsent(page, p -> {
      Set<String> anchors = new LinkedHashSet<>();
      Map<String, Integer> seen = new HashMap<>();
      forEachProseLine(p, (line, number) -> {
        Matcher heading = HEADING.matcher(line);
        if (heading.matches()) {
          anchors.add(uniqueSlug(slug(heading.group(2) == null ? "" : heading.group(2)), seen));
        }
        Matcher id = HTML_ID.matcher(line);
        while (id.find()) {
          anchors.add(id.group(1));
        }
      });
      return anchors;
    });
  }

  /** GitHub's anchor for a heading's Markdown text (before de-duplication). */
  static String slug(String headingMarkdown) {
    String text = CLOSING_HASHES.matcher(headingMarkdown.strip()).replaceFirst("");
    text = INLINE_LINK.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
    text = HTML_TAG.matcher(text).replaceAll("");
    text = NOT_IN_SLUG.matcher(text.strip().toLowerCase(Locale.ROOT)).replaceAll("");
    return text.replace(' ', '-');
  }

  /** The second "Usage" heading of a page is {@code usage-1}, the third {@code usage-2} (github-slugger). */
  private static String uniqueSlug(String slug, Map<String, Integer> seen) {
    String unique = slug;
    while (seen.containsKey(unique)) {
      int count = seen.merge(slug, 1, Integer::sum);
      unique = slug + "-" + count;
    }
    seen.put(unique, 0);
    return unique;
  }

  private List<Link> links(Path page) {
    List<Link> links = new ArrayList<>();
    forEachProseLine(page, (line, number) -> {
      String prose = CODE_SPAN.matcher(line).replaceAll("");
      Matcher inline = INLINE_LINK.matcher(prose);
      while (inline.find()) {
        links.add(new Link(inline.group(2), number));
        // a link inside an image's text: [![alt](img.png)](page.md)
        Matcher nested = INLINE_LINK.matcher(inline.group(1));
        while (nested.find()) {
          links.add(new Link(nested.group(2), number));
        }
      }
      Matcher definition = REFERENCE_DEFINITION.matcher(prose);
      if (definition.find()) {
        links.add(new Link(definition.group(1), number));
      }
      Matcher html = HTML_TARGET.matcher(prose);
      while (html.find()) {
        links.add(new Link(html.group(1), number));
      }
    });
    return links;
  }

  /** Calls {@code action} for every line outside fenced code blocks, with its 1-based number. */
  private static void forEachProseLine(Path page, LineAction action) {
    List<String> lines;
    try {
      lines = Files.readAllLines(page);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String fence = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher opening = FENCE.matcher(line);
      if (opening.find()) {
        String marker = opening.group(1);
        if (fence == null) {
          fence = marker;
          continue;
        }
        if (marker.charAt(0) == fence.charAt(0) && marker.length() >= fence.length()
            && line.strip().equals(marker)) {
          fence = null;
          continue;
        }
      }
      if (fence == null) {
        action.accept(line, i + 1);
      }
    }
  }

  private static String percentDecode(String path) {
    return path.replace("%20", " ");
  }

  private String relative(Path path) {
    return root.relativize(path).toString().replace('\\', '/');
  }

  private record Link(String target, int line) {}

  @FunctionalInterface
  private interface LineAction {
    void accept(String line, int number);
  }
}
