package dev.dagstack.logger.convention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagstack.logger.diagnostic.Diagnostics;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default configuration reads the class path's schema files on first use: one broken file
 * must not disable the valid ones (it is reported with file and line); an explicit build fails.
 */
class DefaultSchemasTest {

  @TempDir
  Path root;

  private ClassLoader classPathWithAGoodAndABadFile() throws Exception {
    Path dir = Files.createDirectories(root.resolve(EventSchemas.CLASSPATH_DIRECTORY));
    Files.writeString(dir.resolve("com.example.good.yaml"), """
        events:
          shipped:
            schema_version: 1
            severity_hint: info
            required_attributes: [order.id]
        """);
    Files.writeString(dir.resolve("com.example.bad.yaml"), """
        events:
          broken:
            severity_hint: loud
        """);
    // No parent: only these two files are on this class path.
    return new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
  }

  @Test
  void aBrokenFileIsSkippedAndReportedAndTheValidOnesAreKept() throws Exception {
    ClassLoader loader = classPathWithAGoodAndABadFile();
    OutputStream previous = Diagnostics.redirect(new ByteArrayOutputStream());
    try (Diagnostics.Capture capture = Diagnostics.capture()) {
      ConventionsConfig lazy = new ConventionsConfig(
          ConventionsConfig.builder().classLoader(loader), null);
      EventSchemas schemas = lazy.schemas();
      assertThat(schemas.find("com.example.good", "shipped")).isPresent();
      assertThat(schemas.domains()).containsExactly("com.example.good");
      List<String> messages = capture.messages();
      assertThat(messages).singleElement().asString()
          .contains("com.example.bad.yaml:3:").contains("loud");
    } finally {
      Diagnostics.redirect(previous);
    }
  }

  @Test
  void anExplicitBuildFailsOnTheBrokenFile() throws Exception {
    ClassLoader loader = classPathWithAGoodAndABadFile();
    assertThatThrownBy(() -> ConventionsConfig.builder().classLoader(loader).build())
        .isInstanceOf(EventSchemaException.class).hasMessageContaining("com.example.bad.yaml:3:");
  }
}
