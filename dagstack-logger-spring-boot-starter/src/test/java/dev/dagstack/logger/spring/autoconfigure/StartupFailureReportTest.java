package dev.dagstack.logger.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.sink.ConsoleSink;
import dev.dagstack.logger.sink.Sink;
import jakarta.annotation.PostConstruct;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;

/**
 * A failed start is one format too: Boot's "APPLICATION FAILED TO START" report (or "Application
 * run failed") and "Error starting ApplicationContext" are dagstack records on the console (JSON lines: the captured
 * stream is no terminal), not Boot's pattern lines.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureReportTest {

  @AfterEach
  void endReport() {
    DagstackLoggingSystem.endFailureReport();
    Logger.reset();
  }

  @Test
  void anInvalidPropertyIsReportedAsADagstackRecord(CapturedOutput output) {
    fail(Minimal.class, "--dagstack.logger.sinks.bus.type=kafka");
    assertReportIsRecords(output, "APPLICATION FAILED TO START");
    assertThat(lines(output, "Property: dagstack.logger.sinks.bus.type")).isNotEmpty();
  }

  @Test
  void aValueTheBinderCannotConvertIsReportedAsADagstackRecordToo(CapturedOutput output) {
    // Boot's binder fails on these before any dagstack check runs (the logging system binds the
    // same properties first): the bridge must still take the run's lines.
    fail(Minimal.class, "--dagstack.logger.processors[0].type=foo");
    assertReportIsRecords(output, "APPLICATION FAILED TO START");
    assertThat(lines(output, "Property: dagstack.logger.processors[0].type")).isNotEmpty();
    assertThat(lines(output, "Starting ")).isNotEmpty().allMatch(line -> line.startsWith("{\""));
  }

  @Test
  void aFailedStartWritesItsLinesThroughTheConfiguredProcessors(CapturedOutput output) {
    // The processors are valid; a sink setting fails the start before any sink exists.
    fail(Minimal.class, "--dagstack.logger.sinks.out.type=console",
        "--dagstack.logger.sinks.out.mode=fancy",
        "--dagstack.logger.processors[0].type=redaction",
        "--dagstack.logger.processors[0].patterns[0].pattern=Java [0-9.]+",
        "--dagstack.logger.processors[0].patterns[0].replacement=Java ***",
        "--dagstack.logger.processors[0].scan-body=true",
        "--dagstack.logger.processors[1].type=enrich",
        "--dagstack.logger.processors[1].attributes.deployment.region=eu-west-1");
    assertReportIsRecords(output, "APPLICATION FAILED TO START");
    List<String> starting = lines(output, "\"body\":\"Starting ");
    assertThat(starting).isNotEmpty().allSatisfy(line -> assertThat(line)
        .contains("using Java ***").doesNotContainPattern("Java [0-9]")
        .contains("\"deployment.region\":\"eu-west-1\""));
    assertThat(lines(output, "APPLICATION FAILED TO START"))
        .allSatisfy(line -> assertThat(line).contains("\"deployment.region\":\"eu-west-1\""));
  }

  @Test
  void aBeanFailingAfterTheSinksExistIsReportedAsADagstackRecord(CapturedOutput output) {
    fail(Failing.class, "--dagstack.logger.sinks.out.type=console");
    // No failure analysis for this exception: Boot logs "Application run failed" with it.
    assertReportIsRecords(output, "Application run failed");
    assertThat(lines(output, "inventory service unreachable")).isNotEmpty();
  }

  private static void fail(Class<?> application, String... args) {
    SpringApplication app = new SpringApplication(application);
    app.setWebApplicationType(WebApplicationType.NONE);
    String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
        java.util.stream.Stream.of("--spring.main.banner-mode=off")).toArray(String[]::new);
    assertThat(catchThrowable(() -> app.run(all))).isNotNull();
    for (Sink sink : Logger.configuration().sinks()) {
      assertThat(sink).isInstanceOf(ConsoleSink.class);
      sink.flush(Duration.ofSeconds(10));
    }
  }

  private static void assertReportIsRecords(CapturedOutput output, String header) {
    List<String> report = lines(output, header);
    assertThat(report).isNotEmpty().allMatch(line -> line.startsWith("{\"")
        && line.contains("\"severity_text\":\"ERROR\""));
    assertThat(lines(output, "Error starting ApplicationContext"))
        .isNotEmpty().allMatch(line -> line.startsWith("{\""));
  }

  private static List<String> lines(CapturedOutput output, String text) {
    return output.getAll().lines().filter(line -> line.contains(text)).toList();
  }

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class Minimal {}

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @Import(Failing.Inventory.class)
  static class Failing {
    @Component
    static class Inventory {
      @PostConstruct
      void connect() {
        throw new IllegalStateException("inventory service unreachable");
      }
    }
  }
}
