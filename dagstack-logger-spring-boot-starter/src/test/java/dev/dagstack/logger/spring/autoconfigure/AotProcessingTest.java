package dev.dagstack.logger.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationAotProcessor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.aot.AbstractAotProcessor;

/**
 * AOT processing of an application on the starter, as {@code spring-boot:process-aot} runs it
 * (the sample application's run in AOT mode is {@code AotModeIT}), and the runtime hints.
 */
class AotProcessingTest {

  /** An application with the starter and no dagstack properties. */
  @SpringBootConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  public static class PlainApp {
    public static void main(String[] args) {
      SpringApplication.run(PlainApp.class, args);
    }
  }

  @TempDir
  Path out;

  @Test
  void anAppWithNoDagstackPropertiesIsProcessedWithItsSinkBeansAsCode() throws IOException {
    String sources = process("--spring.main.web-application-type=none");

    assertThat(sources)
        .contains("List.of(\"dagstackLoggerConsoleSink (ConsoleSink)\")")
        .contains("forFactoryMethod(SinkFactory.class, \"createDefaultConsole\")")
        // The configurer closes the sinks, not the container (see SinkBeansAotProcessor).
        .contains("beanDefinition.setDestroyMethodNames(\"\")");
    assertThat(hintsFile()).contains("dev/dagstack/logger/viewer")
        .contains("META-INF/services/dev.dagstack.logger.spring.sink.SinkType");
  }

  @Test
  void configuredSinksAreFixedWithTheirTypesAndIdsAtBuildTime() throws IOException {
    String sources = process("--spring.main.web-application-type=none",
        "--dagstack.logger.sinks.memory.type=in-memory",
        "--dagstack.logger.sinks.off.type=console", "--dagstack.logger.sinks.off.enabled=false");

    assertThat(sources)
        .contains("List.of(\"dagstack.logger.sinks.memory (InMemorySink)\")")
        .contains("addIndexedArgumentValue(0, \"memory\")")
        .doesNotContain("\"off\"");
  }

  @Test
  void hintsCoverTheResourcesAndBoundTypesTheStarterReads() {
    RuntimeHints hints = new RuntimeHints();
    new DagstackLoggerRuntimeHints().registerHints(hints, getClass().getClassLoader());

    assertThat(RuntimeHintsPredicates.resource().forResource("dev/dagstack/logger/viewer/viewer.js"))
        .accepts(hints);
    assertThat(RuntimeHintsPredicates.resource()
        .forResource("dev/dagstack/logger/convention/ai_agent.yaml")).accepts(hints);
    assertThat(RuntimeHintsPredicates.resource()
        .forResource("META-INF/dagstack/events/orders.yaml")).accepts(hints);
    assertThat(RuntimeHintsPredicates.reflection().onType(DagstackLoggerProperties.Sink.class))
        .accepts(hints);
    assertThat(RuntimeHintsPredicates.reflection().onType(SinkFactory.FileType.class))
        .accepts(hints);
  }

  private String process(String... args) throws IOException {
    AbstractAotProcessor.Settings settings = AbstractAotProcessor.Settings.builder()
        .sourceOutput(out.resolve("sources")).resourceOutput(out.resolve("resources"))
        .classOutput(out.resolve("classes")).groupId("dev.dagstack").artifactId("aot-test")
        .build();
    new SpringApplicationAotProcessor(PlainApp.class, settings, args).process();
    try (Stream<Path> files = Files.walk(out.resolve("sources"))) {
      return files.filter(Files::isRegularFile).map(AotProcessingTest::read)
          .collect(Collectors.joining("\n"));
    }
  }

  private String hintsFile() throws IOException {
    try (Stream<Path> files = Files.walk(out.resolve("resources"))) {
      return files.filter(file -> file.getFileName().toString().endsWith(".json"))
          // JSON escapes the slashes of resource globs.
          .map(AotProcessingTest::read).map(text -> text.replace("\\/", "/"))
          .collect(Collectors.joining("\n"));
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
