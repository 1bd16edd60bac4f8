package dev.dagstack.logger.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.ConsoleSink;
import dev.dagstack.logger.sink.FileSink;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.logging.java.JavaLoggingSystem;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Spring Boot's own logging properties: honoured, or refused with a clear message. */
@ExtendWith(OutputCaptureExtension.class)
class BootLoggingPropertiesTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(DagstackLoggerAutoConfigurationTest.DAGSTACK)
      .withPropertyValues("dagstack.logger.bridge.slf4j.enabled=false");

  @AfterEach
  void reset() {
    Logger.reset();
  }

  @Test
  void thresholdsBecomeTheMinSeverityOfSinksThatSetNone(@TempDir Path dir) {
    runner.withPropertyValues("logging.threshold.console=warn").run(context -> {
      ConsoleSink console = context.getBean(ConsoleSink.class);
      assertThat(console.supportsSeverity(Severity.INFO)).isFalse();
      assertThat(console.supportsSeverity(Severity.WARN)).isTrue();
    });
    runner.withPropertyValues("logging.threshold.file=error", "logging.threshold.console=off",
        "dagstack.logger.sinks.app.type=file", "dagstack.logger.sinks.app.path=" + dir.resolve("a.jsonl"),
        "dagstack.logger.sinks.out.type=console", "dagstack.logger.sinks.out.min-severity=debug")
        .run(context -> {
          assertThat(context.getBean(FileSink.class).supportsSeverity(Severity.WARN)).isFalse();
          assertThat(context.getBean(FileSink.class).supportsSeverity(Severity.ERROR)).isTrue();
          // The sink's own setting wins.
          assertThat(context.getBean(ConsoleSink.class).supportsSeverity(Severity.DEBUG)).isTrue();
        });
  }

  @Test
  void ansiAlwaysMakesAnAutoConsolePrettyWithColour(CapturedOutput output) {
    runner.withPropertyValues("spring.output.ansi.enabled=always",
        "dagstack.logger.sinks.out.type=console", "dagstack.logger.sinks.out.stream=stdout")
        .run(context -> {
          Logger.get("ansi").warn("coloured");
          assertThat(context.getBean(ConsoleSink.class).flush(Duration.ofSeconds(5)).success()).isTrue();
        });
    assertThat(output.getOut()).contains("[WARN]", "ansi: coloured", "\u001b[");
  }

  @Test
  void ansiNeverKeepsAnAutoConsoleToJsonLines(CapturedOutput output) {
    runner.withPropertyValues("spring.output.ansi.enabled=never",
        "dagstack.logger.sinks.out.type=console", "dagstack.logger.sinks.out.stream=stdout",
        "dagstack.logger.sinks.out.mode=pretty")
        .run(context -> {
          Logger.get("ansi").warn("plain");
          assertThat(context.getBean(ConsoleSink.class).flush(Duration.ofSeconds(5)).success()).isTrue();
        });
    assertThat(output.getOut()).contains("[WARN] ansi: plain").doesNotContain("\u001b[");
  }

  @Test
  void bootsOpenTelemetryResourceAttributesAreMergedUnderTheDagstackOnes() {
    runner.withPropertyValues(
        "management.opentelemetry.resource-attributes.deployment.environment.name=prod",
        "management.opentelemetry.resource-attributes.service.version=1.0",
        "dagstack.logger.resource.service.version=2.0")
        .run(context -> assertThat(Logger.configuration().resourceAttributes())
            .containsEntry("deployment.environment.name", "prod")
            .containsEntry("service.version", "2.0"));
  }

  @Test
  void aStructuredConsoleFormatIsRefusedWhileTheDagstackLoggerOwnsTheConsole() {
    runner.withPropertyValues("dagstack.logger.bridge.slf4j.enabled=true",
        "logging.structured.format.console=ecs").run(context -> assertThat(context)
            .getFailure().rootCause()
            .hasMessageContaining("'ecs' for logging.structured.format.console")
            .hasMessageContaining("replace-console=false"));
    runner.withPropertyValues("dagstack.logger.bridge.slf4j.enabled=true",
        "dagstack.logger.bridge.slf4j.replace-console=false",
        "logging.structured.format.console=ecs").run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void anotherLoggingSystemThanLogbackIsRefusedWithWhatToDo() {
    JavaLoggingSystem julSystem = new JavaLoggingSystem(getClass().getClassLoader());
    assertThatThrownBy(() -> DagstackLoggerAutoConfiguration.checkLoggingSystem(
        new DagstackLoggingSystem(julSystem), true))
        .isInstanceOf(InvalidDagstackLoggerPropertyException.class)
        .hasMessageContaining("dagstack.logger.bridge.slf4j.enabled")
        .hasMessageContaining("the SLF4J bridge needs Logback, but the application's logging system is JavaLoggingSystem")
        .hasMessageContaining("exclude spring-boot-starter-log4j2");
    DagstackLoggerAutoConfiguration.checkLoggingSystem(new DagstackLoggingSystem(julSystem), false);
  }
}
