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
    assertThat(analysis("dagstack.logger.sinks.out.type=console", "dagstack.logger.sinks.bus.type=kafka"))
        .contains("Property: dagstack.logger.sinks.bus.type", "Value: \"kafka\"",
            "accepted: console, file, in-memory", "Origin: \"dagstack.logger.sinks.bus.type\" from property source");
  }

  @Test
  void badLevels() {
    assertThat(analysis("dagstack.logger.level=loud"))
        .contains("Property: dagstack.logger.level", "Value: \"loud\"",
            "TRACE, DEBUG, INFO, WARN, ERROR, FATAL", "1 to 24");
    assertThat(analysis("dagstack.logger.loggers.order_service=99"))
        .contains("Property: dagstack.logger.loggers.order_service", "Value: \"99\"", "1 to 24");
    assertThat(analysis("dagstack.logger.sinks.out.min-severity=verbose"))
        .contains("Property: dagstack.logger.sinks.out.min-severity", "Value: \"verbose\"",
            "Origin: ");
  }

  @Test
  void invalidRedactionSuffix() {
    assertThat(analysis("dagstack.logger.redaction.extra-suffixes=_pin,_OTP"))
        .contains("Property: dagstack.logger.redaction.extra-suffixes[1]", "Value: \"_OTP\"",
            "redaction.extra_suffixes must be lowercase ASCII");
  }

  @Test
  void fileSinkWithoutPath() {
    assertThat(analysis("dagstack.logger.sinks.app.type=file"))
        .contains("Property: dagstack.logger.sinks.app.path", "Value: (none)",
            "a file sink needs the path of its file");
  }

  @Test
  void duplicateOfAnApplicationSinkBean() {
    runner.withUserConfiguration(ApplicationSink.class)
        .withPropertyValues("dagstack.logger.sinks.app.type=in-memory")
        .run(context -> assertThat(analyze(context.getStartupFailure()))
            .contains("Property: dagstack.logger.sinks.app", "Value: \"app\"",
                "the Sink bean 'appSink' already uses it"));
  }

  @Test
  void unwritableFilePath(@TempDir Path dir) throws Exception {
    Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
    String path = notADirectory.resolve("app.jsonl").toString();
    assertThat(analysis("dagstack.logger.sinks.app.type=file", "dagstack.logger.sinks.app.path=" + path))
        .contains("Property: dagstack.logger.sinks.app.path", "Value: \"" + path + "\"",
            "a file the application can create and write");
  }

  @Test
  void otherSinkSettings() {
    assertThat(bindFailure("dagstack.logger.sinks.out.mode=fancy"))
        .contains("Failed to bind properties under 'dagstack.logger.sinks.out.mode'", "fancy");
    assertThat(bindFailure("dagstack.logger.sinks.out.overflow=spill"))
        .contains("Failed to bind properties under 'dagstack.logger.sinks.out.overflow'", "spill");
    assertThat(analysis("dagstack.logger.sinks.mem.type=in-memory", "dagstack.logger.sinks.mem.capacity=0"))
        .contains("Property: dagstack.logger.sinks.mem.capacity", "a positive number of records");
    assertThat(analysis("dagstack.logger.sinks.out.type=console",
        "dagstack.logger.sinks.out.max-record-bytes=10B"))
        .contains("Property: dagstack.logger.sinks.out.max-record-bytes", "a size from 1KB to 64MB");
    assertThat(analysis("dagstack.logger.sinks.out.type=console",
        "dagstack.logger.sinks.out.buffer-bytes=0B"))
        .contains("Property: dagstack.logger.sinks.out.buffer-bytes", "a positive size");
  }

  @Test
  void unknownNamesFailWithTheNearestValidName() {
    assertThat(analysis("dagstack.logger.levle=debug"))
        .contains("Property: dagstack.logger.levle", "Value: \"debug\"",
            "did you mean dagstack.logger.level?");
    assertThat(new DagstackLoggerFailureAnalyzer().analyze(
        new InvalidDagstackLoggerPropertyException("dagstack.logger.levle", "debug",
            PropertyNames.NO_SUCH_SETTING + "; did you mean dagstack.logger.level?")).getAction())
        .contains("rename dagstack.logger.levle to a valid name");
    assertThat(analysis("dagstack.logger.web.debug.tokn=x"))
        .contains("Property: dagstack.logger.web.debug.tokn", "did you mean dagstack.logger.web.debug.token?");
    assertThat(analysis("dagstack.logger.level.root=debug"))
        .contains("Property: dagstack.logger.level.root", "dagstack.logger.level takes a single value");
    assertThat(analysis("dagstack.logger.sinks.app.type=file", "dagstack.logger.sinks.app.path=/tmp/x.jsonl",
        "dagstack.logger.sinks.app.max-byte=1KB"))
        .contains("Property: dagstack.logger.sinks.app.max-byte", "Value: \"1KB\"",
            "did you mean dagstack.logger.sinks.app.max-bytes?");
    // A setting of another type is not silently ignored either.
    assertThat(analysis("dagstack.logger.sinks.out.type=console", "dagstack.logger.sinks.out.path=/tmp/x"))
        .contains("Property: dagstack.logger.sinks.out.path", "sink type console");
    // Maps accept any key below them.
    runner.withPropertyValues("dagstack.logger.loggers.com.example.deep=debug",
        "dagstack.logger.resource.service.namespace=shop").run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void unknownDebugSinkId() {
    assertThat(analysis("dagstack.logger.sinks.debug.type=in-memory",
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
        "--dagstack.logger.sinks.bus.type=kafka", "--dagstack.logger.bridge.slf4j.enabled=false",
        "--spring.main.banner-mode=off")))
        .isNotNull();
    assertThat(output).contains("APPLICATION FAILED TO START",
        "Property: dagstack.logger.sinks.bus.type", "Value: \"kafka\"",
        "Origin: \"dagstack.logger.sinks.bus.type\" from property source \"commandLineArgs\"");
  }

  private String analysis(String... properties) {
    String[] description = new String[1];
    runner.withPropertyValues(properties).run(context -> description[0] = analyze(context.getStartupFailure()));
    return description[0];
  }

  /** A value Boot's binder cannot convert: Boot's own report, with the property and value. */
  private String bindFailure(String... properties) {
    String[] message = new String[1];
    runner.withPropertyValues(properties).run(context -> {
      Throwable failure = context.getStartupFailure();
      assertThat(failure).isNotNull();
      StringBuilder all = new StringBuilder();
      for (Throwable t = failure; t != null; t = t.getCause()) {
        all.append(t.getMessage()).append('\n');
      }
      message[0] = all.toString();
    });
    return message[0];
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
