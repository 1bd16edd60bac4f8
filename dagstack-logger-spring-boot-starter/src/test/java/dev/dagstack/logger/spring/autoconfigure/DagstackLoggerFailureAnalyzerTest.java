package dev.dagstack.logger.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.record.Severity;
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
    assertThat(analysis("dagstack.logger.sinks.out.mode=fancy"))
        .contains("Property: dagstack.logger.sinks.out.mode", "Value: \"fancy\"",
            "Reason: one of auto, json, pretty (any case)", "Origin: ")
        .doesNotContain("No enum constant");
    assertThat(analysis("dagstack.logger.sinks.out.overflow=spill"))
        .contains("Property: dagstack.logger.sinks.out.overflow", "Value: \"spill\"",
            "Reason: one of drop-oldest, drop-newest, block (any case)");
    // A bad enum value bound by the context (not by the sink factory) is reported the same way.
    assertThat(analysis("dagstack.logger.processors[0].type=fancy"))
        .contains("Property: dagstack.logger.processors[0].type", "Value: \"fancy\"",
            "Reason: one of redaction, sampler_rate, sampler_trace_ratio, enrich (any case)");
    // A list entry given without the entries before it: the report says how lists bind.
    assertThat(analysis("dagstack.logger.processors[1].type=enrich"))
        .contains("Property: dagstack.logger.processors",
            "Reason: a whole list from one source", "must then give every entry from [0] on");
    // Values the binder cannot convert say what is accepted, not the parser's message.
    assertThat(analysis("dagstack.logger.sinks.c.type=console", "dagstack.logger.sinks.c.buffer-size=abc"))
        .contains("Property: dagstack.logger.sinks.c.buffer-size", "Value: \"abc\"",
            "Reason: a whole number")
        .doesNotContain("For input string");
    assertThat(analysis("dagstack.logger.web.debug.refusal-window=soon"))
        .contains("Property: dagstack.logger.web.debug.refusal-window",
            "Reason: a duration such as 500ms");
    assertThat(analysis("dagstack.logger.sinks.mem.type=in-memory", "dagstack.logger.sinks.mem.capacity=0"))
        .contains("Property: dagstack.logger.sinks.mem.capacity", "a whole number of records, 1 or more");
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
    // A far-off name gets no suggestion: keep on a console sink is not a misspelt mode.
    assertThat(analysis("dagstack.logger.sinks.out.type=console", "dagstack.logger.sinks.out.keep=3"))
        .contains("Property: dagstack.logger.sinks.out.keep", "no such setting; settings here: ")
        .doesNotContain("did you mean");
    assertThat(analysis("dagstack.logger.sinks.bus.type=kafka"))
        .contains("unknown sink type; accepted: console, file, in-memory").doesNotContain("did you mean");
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
    assertThat(webAnalysis("dagstack.logger.web.debug.trusted-proxies=10.0.0.0/8,proxy.internal"))
        .contains("Property: dagstack.logger.web.debug.trusted-proxies[1]",
            "'proxy.internal' is not an IPv4 or IPv6 address");
    assertThat(webAnalysis("dagstack.logger.web.debug.refusal-window=0s"))
        .contains("Property: dagstack.logger.web.debug.refusal-window", "a positive duration");
    assertThat(webAnalysis("dagstack.logger.web.debug.refusal-limit=-1"))
        .contains("Property: dagstack.logger.web.debug.refusal-limit", "Value: \"-1\"");
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

  /**
   * Map and list entries get their origin from the failed context's environment, which Boot
   * passes to the analyzer.
   */
  @Test
  void mapAndListEntriesReportTheirOrigin(CapturedOutput output) {
    startupFailure(WebApplicationType.NONE, "--dagstack.logger.loggers.foo=loud");
    startupFailure(WebApplicationType.NONE, "--dagstack.logger.redaction.extra-suffixes[0]=_PIN");
    startupFailure(WebApplicationType.SERVLET, "--server.port=0", "--server.address=127.0.0.1",
        "--dagstack.logger.web.debug.token=t", "--dagstack.logger.web.debug.allowed-addresses[0]=office");
    assertThat(output).contains(
        "Property: dagstack.logger.loggers.foo",
        "Origin: \"dagstack.logger.loggers.foo\" from property source \"commandLineArgs\"",
        "Property: dagstack.logger.redaction.extra-suffixes[0]",
        "Origin: \"dagstack.logger.redaction.extra-suffixes[0]\" from property source \"commandLineArgs\"",
        "Property: dagstack.logger.web.debug.allowed-addresses[0]",
        "Origin: \"dagstack.logger.web.debug.allowed-addresses[0]\" from property source \"commandLineArgs\"");
  }

  private static void startupFailure(WebApplicationType type, String... args) {
    SpringApplication application = new SpringApplication(Minimal.class);
    application.setWebApplicationType(type);
    String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
        java.util.stream.Stream.of("--dagstack.logger.bridge.slf4j.enabled=false",
            "--spring.main.banner-mode=off")).toArray(String[]::new);
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> application.run(all))).isNotNull();
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
