package dev.dagstack.logger.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
  void anAppWithNoDagstackPropertiesIsProcessedWithItsSinkBeansAsCode() throws Exception {
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
  void configuredSinksAreFixedWithTheirTypesAndIdsAtBuildTime() throws Exception {
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

  /**
   * Runs Boot's AOT processor on {@link PlainApp} in its own JVM, as the Maven plugin does (it
   * starts the application up to its bean definitions, which sets up logging process-wide);
   * returns the generated sources.
   */
  private String process(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        SpringApplicationAotProcessor.class.getName(), PlainApp.class.getName(),
        out.resolve("sources").toString(), out.resolve("resources").toString(),
        out.resolve("classes").toString(), "dev.dagstack", "aot-test"));
    command.addAll(List.of(args));
    Process processor = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(out.resolve("processor.log").toFile()).start();
    assertThat(processor.waitFor(120, TimeUnit.SECONDS)).as("AOT processing ends").isTrue();
    assertThat(processor.exitValue()).as(() -> read(out.resolve("processor.log"))).isZero();
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
