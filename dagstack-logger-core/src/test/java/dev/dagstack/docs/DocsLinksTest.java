package dev.dagstack.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README.md and docs/: every relative link and anchor resolves, every page is on the README's map. */
class DocsLinksTest {

  @Test
  void everyLinkOfTheReadmeAndTheDocsResolves() {
    Path root = repositoryRoot();
    assertThat(Files.isDirectory(root.resolve("docs"))).as("docs/ under %s", root).isTrue();

    assertThat(MarkdownLinkCheck.check(root)).isEmpty();
  }

  @Test
  void aBrokenLinkABrokenAnchorAndAnUnlistedPageAreEachReportedWithTheirLine(@TempDir Path root)
      throws IOException {
    write(root.resolve("README.md"), """
        # Project

        See [the guide](docs/guide.md) and [its setup](docs/guide.md#setup), [the FAQ](docs/faq.md).
        """);
    write(root.resolve("docs/guide.md"), """
        # Guide

        ## Set-up

        Back to [the top](../README.md#project), on to [nowhere](#usage).
        ```
        [inside a code block](missing.md) is not a link
        ```
        """);
    write(root.resolve("docs/orphan.md"), "# Orphan\n");

    assertThat(MarkdownLinkCheck.check(root)).containsExactly(
        "README.md:3: link docs/guide.md#setup: docs/guide.md has no heading with the anchor #setup",
        "README.md:3: link docs/faq.md points to docs/faq.md, which does not exist",
        "docs/guide.md:5: link #usage: docs/guide.md has no heading with the anchor #usage",
        "README.md: docs/orphan.md is not linked from the README's map of the docs");
  }

  @Test
  void linksThatHoldPassIncludingImagesDuplicateHeadingsAndExternalUrls(@TempDir Path root)
      throws IOException {
    write(root.resolve("README.md"), """
        # Project

        [Guide](docs/guide.md), [second usage](docs/guide.md#usage-1), [site](https://example.org/x.md),
        `[not a link](nothing.md)`, ![shot](docs/images/a.png) and [ref][g].

        [g]: docs/guide.md#the-slf4jlogback-bridge-dagstackappender
        """);
    write(root.resolve("docs/guide.md"), """
        # Guide

        ## Usage
        ## Usage
        ## The SLF4J/Logback bridge: `DagstackAppender`
        ## Spring Boot's logging properties

        See [the properties](#spring-boots-logging-properties) and [the top](../README.md).
        """);
    write(root.resolve("docs/images/a.png"), "png");

    assertThat(MarkdownLinkCheck.check(root)).isEmpty();
  }

  @Test
  void slugsFollowGitHubsRules() {
    assertThat(MarkdownLinkCheck.slug("Web requests: request scope, debug capture"))
        .isEqualTo("web-requests-request-scope-debug-capture");
    assertThat(MarkdownLinkCheck.slug("For log files: `view`")).isEqualTo("for-log-files-view");
    assertThat(MarkdownLinkCheck.slug("Rotation by time, retention and compression"))
        .isEqualTo("rotation-by-time-retention-and-compression");
    assertThat(MarkdownLinkCheck.slug("Joining a trace: `traceparent`")).isEqualTo("joining-a-trace-traceparent");
    assertThat(MarkdownLinkCheck.slug("snake_case and [a link](x.md) ##")).isEqualTo("snake_case-and-a-link");
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  /** The module runs with its own folder as working directory; the repository root holds docs/. */
  private static Path repositoryRoot() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("docs"))) {
        return p;
      }
    }
    throw new IllegalStateException("no README.md with a docs/ folder above " + dir);
  }
}
