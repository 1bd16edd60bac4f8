package dev.dagstack.logger.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.Severity;
import dev.dagstack.logger.sink.InMemorySink;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Each invalid configuration fails startup with a report naming property, value and what is accepted. */
@ExtendWith(OutputCaptureExtension.class)
class DagstackLoggerFailureAnalyzerTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(DagstackLoggerAutoConfigurationTest.DAGSTACK)
      .withPropertyValues("dagstack.logger.bridge.slf4j.enabled=false");

  @AfterEach
  void resetLogger() {
    Logger.reset();
  }

  @Test
  void unknownSinkType() {
    assertThat(analysis("dagstack.logger.sinks[0].type=console", "dagstack.logger.sinks[1].type=kafka"))
        .contains("Property: dagstack.logger.sinks[1].type", "Value: \"kafka\"",
            "accepted: console, file, in-memory");
  }

  @Test
  void badLevels() {
    assertThat(analysis("dagstack.logger.level=loud"))
        .contains("Property: dagstack.logger.level", "Value: \"loud\"",
            "TRACE, DEBUG, INFO, WARN, ERROR, FATAL", "1 to 24");
    assertThat(analysis("dagstack.logger.loggers.order_service=99"))
        .contains("Property: dagstack.logger.loggers.order_service", "Value: \"99\"", "1 to 24");
    assertThat(analysis("dagstack.logger.sinks[0].min-severity=verbose"))
        .contains("Property: dagstack.logger.sinks[0].min-severity", "Value: \"verbose\"");
  }

  @Test
  void invalidRedactionSuffix() {
    assertThat(analysis("dagstack.logger.redaction.extra-suffixes=_pin,_OTP"))
        .contains("Property: dagstack.logger.redaction.extra-suffixes[1]", "Value: \"_OTP\"",
            "redaction.extra_suffixes must be lowercase ASCII");
  }

  @Test
  void fileSinkWithoutPath() {
    assertThat(analysis("dagstack.logger.sinks[0].type=file"))
        .contains("Property: dagstack.logger.sinks[0].path", "Value: (none)",
            "a file sink needs the path of its file");
  }

  @Test
  void duplicateSinkIdNamesTheLaterProperty() {
    assertThat(analysis("dagstack.logger.sinks[0].type=in-memory", "dagstack.logger.sinks[1].type=in-memory"))
        .contains("Property: dagstack.logger.sinks[1].id", "Value: \"in-memory\"",
            "dagstack.logger.sinks[0] already uses it");
  }

  @Test
  void duplicateOfAnApplicationSinkBean() {
    runner.withUserConfiguration(ApplicationSink.class)
        .withPropertyValues("dagstack.logger.sinks[0].type=in-memory", "dagstack.logger.sinks[0].id=app")
        .run(context -> assertThat(analyze(context.getStartupFailure()))
            .contains("Property: dagstack.logger.sinks[0].id", "Value: \"app\"",
                "the Sink bean 'appSink' already uses it"));
  }

  @Test
  void unwritableFilePath(@TempDir Path dir) throws Exception {
    Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
    String path = notADirectory.resolve("app.jsonl").toString();
    assertThat(analysis("dagstack.logger.sinks[0].type=file", "dagstack.logger.sinks[0].path=" + path))
        .contains("Property: dagstack.logger.sinks[0].path", "Value: \"" + path + "\"",
            "a file the application can create and write");
  }

  @Test
  void otherSinkSettings() {
    assertThat(analysis("dagstack.logger.sinks[0].mode=fancy"))
        .contains("Property: dagstack.logger.sinks[0].mode", "expected one of auto, json, pretty");
    assertThat(analysis("dagstack.logger.sinks[0].overflow=spill"))
        .contains("Property: dagstack.logger.sinks[0].overflow", "drop_oldest, drop_newest, block");
    assertThat(analysis("dagstack.logger.sinks[0].type=in-memory", "dagstack.logger.sinks[0].capacity=0"))
        .contains("Property: dagstack.logger.sinks[0].capacity", "a positive number of records");
  }

  @Test
  void unknownDebugSinkId() {
    assertThat(analysis("dagstack.logger.sinks[0].type=in-memory", "dagstack.logger.sinks[0].id=debug",
        "dagstack.logger.web.debug.sinks=debug,audit"))
        .contains("Property: dagstack.logger.web.debug.sinks[1]", "Value: \"audit\"",
            "configured ids: debug");
  }

  @Test
  void badDebugSettingsOfAWebApplication() {
    assertThat(webAnalysis("dagstack.logger.web.debug.allowed-addresses=10.0.0.0/8,::1/129"))
        .contains("Property: dagstack.logger.web.debug.allowed-addresses[1]", "Value: \"::1/129\"",
            "from 0 to 128", "e.g. 10.0.0.0/8");
    assertThat(webAnalysis("dagstack.logger.web.debug.allowed-addresses=office.example.com/24"))
        .contains("Property: dagstack.logger.web.debug.allowed-addresses[0]",
            "'office.example.com' is not an IPv4 or IPv6 address");
    assertThat(webAnalysis("dagstack.logger.web.debug.allowed-addresses=10.0.0.256"))
        .contains("Property: dagstack.logger.web.debug.allowed-addresses[0]", "Value: \"10.0.0.256\"");
    assertThat(webAnalysis("dagstack.logger.web.debug.level=chatty"))
        .contains("Property: dagstack.logger.web.debug.level", "Value: \"chatty\"");
    assertThat(webAnalysis("dagstack.logger.web.request-id-header=X Request"))
        .contains("Property: dagstack.logger.web.request-id-header", "an HTTP header name");
  }

  private String webAnalysis(String... properties) {
    String[] description = new String[1];
    new WebApplicationContextRunner()
        .withConfiguration(DagstackLoggerAutoConfigurationTest.DAGSTACK)
        .withPropertyValues("dagstack.logger.bridge.slf4j.enabled=false")
        .withPropertyValues(properties)
        .run(context -> description[0] = analyze(context.getStartupFailure()));
    return description[0];
  }

  /** The analyzer is registered in spring.factories: a real SpringApplication reports through it. */
  @Test
  void springApplicationReportsThroughTheAnalyzer(CapturedOutput output) {
    SpringApplication application = new SpringApplication(Minimal.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> application.run(
        "--dagstack.logger.sinks[0].type=kafka", "--dagstack.logger.bridge.slf4j.enabled=false",
        "--spring.main.banner-mode=off")))
        .isNotNull();
    assertThat(output).contains("APPLICATION FAILED TO START",
        "Property: dagstack.logger.sinks[0].type", "Value: \"kafka\"");
  }

  private String analysis(String... properties) {
    String[] description = new String[1];
    runner.withPropertyValues(properties).run(context -> description[0] = analyze(context.getStartupFailure()));
    return description[0];
  }

  private static String analyze(Throwable failure) {
    assertThat(failure).as("startup failure").isNotNull();
    FailureAnalysis analysis = new DagstackLoggerFailureAnalyzer().analyze(failure);
    assertThat(analysis).as("analysis of " + failure).isNotNull();
    assertThat(analysis.getAction()).startsWith("Update your application's configuration");
    return analysis.getDescription();
  }

  @Configuration(proxyBeanMethods = false)
  static class ApplicationSink {
    @Bean
    InMemorySink appSink() {
      return new InMemorySink("app", 10, Severity.TRACE);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class Minimal {}
}
