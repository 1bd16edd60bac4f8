package dev.dagstack.logger.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.LoggerProvider;
import dev.dagstack.logger.LoggerConfiguration;
import dev.dagstack.logger.ReconfigureResult;
import dev.dagstack.logger.processor.EnrichProcessor;
import dev.dagstack.logger.processor.RateSampler;
import dev.dagstack.logger.processor.RedactionProcessor;
import dev.dagstack.logger.processor.TraceRatioSampler;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.DropReason;
import dev.dagstack.logger.sink.InMemorySink;
import dev.dagstack.logger.sink.Sink;
import dev.dagstack.logger.spring.DagstackLoggerRefreshEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/** {@code dagstack.logger.processors} and live reconfiguration on an Environment change. */
class DagstackProcessorsAndRefreshTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(DagstackLoggerAutoConfigurationTest.DAGSTACK)
      .withConfiguration(AutoConfigurations.of(DagstackReconfigureAutoConfiguration.class))
      .withPropertyValues("dagstack.logger.bridge.slf4j.enabled=false",
          "dagstack.logger.sinks.capture.type=in-memory");

  @AfterEach
  void resetLogger() {
    Logger.reset();
  }

  @Test
  void processorsAreBuiltInListOrder() {
    runner.withPropertyValues(
            "dagstack.logger.processors[0].type=redaction",
            "dagstack.logger.processors[0].patterns[0].pattern=tok_[A-Za-z0-9_]+",
            "dagstack.logger.processors[0].patterns[0].replacement=tok_***",
            "dagstack.logger.processors[0].scan-body=true",
            "dagstack.logger.processors[1].type=sampler_rate",
            "dagstack.logger.processors[1].rate=0.5",
            "dagstack.logger.processors[1].below=error",
            "dagstack.logger.processors[2].type=sampler-trace-ratio",
            "dagstack.logger.processors[2].ratio=1",
            "dagstack.logger.processors[3].type=enrich",
            "dagstack.logger.processors[3].attributes.deployment.region=eu-west-1")
        .run(context -> {
          assertThat(context).hasNotFailed();
          LoggerConfiguration configuration = Logger.configuration();
          assertThat(configuration.processors().processors()).hasExactlyElementsOfTypes(
              RedactionProcessor.class, RateSampler.class, TraceRatioSampler.class,
              EnrichProcessor.class);
          assertThat(((RateSampler) configuration.processors().processors().get(1)).below())
              .isEqualTo(Severity.ERROR);
          Logger.get("svc").error("card tok_live_4242 declined");
          LogRecord record = context.getBean(InMemorySink.class).records().get(0);
          assertThat(record.body()).isEqualTo("card tok_*** declined");
          assertThat(record.attributes()).containsEntry("deployment.region", "eu-west-1");
        });
  }

  @Test
  void badProcessorSettingsFailStartupNamingTheProperty() {
    assertStartupFailure("Invalid value 'a++' for dagstack.logger.processors[0].patterns[0].pattern:"
            + " redaction.patterns[0] 'a++' is outside the supported ECMAScript-like regex subset:"
            + " possessive quantifier '+' at position 2",
        "dagstack.logger.processors[0].type=redaction",
        "dagstack.logger.processors[0].patterns[0].pattern=a++");
    assertStartupFailure("Invalid value '2.0' for dagstack.logger.processors[0].rate:"
            + " sampler_rate.rate must be a number between 0 and 1, got 2.0",
        "dagstack.logger.processors[0].type=sampler_rate", "dagstack.logger.processors[0].rate=2");
    assertStartupFailure("Invalid value (none) for dagstack.logger.processors[0].ratio:"
            + " a number between 0 and 1",
        "dagstack.logger.processors[0].type=sampler_trace_ratio");
    assertStartupFailure("Invalid value '0.5' for dagstack.logger.processors[0].rate:"
            + " no such setting for type redaction; its settings: patterns, scan-values, scan-body",
        "dagstack.logger.processors[0].type=redaction", "dagstack.logger.processors[0].rate=0.5");
    assertStartupFailure("Invalid value (none) for dagstack.logger.processors[0].type:"
            + " one of redaction, sampler_rate, sampler_trace_ratio, enrich",
        "dagstack.logger.processors[0].ratio=0.5");
  }

  @Test
  void aMisspelledProcessorSettingFailsStartupWithTheNearestName() {
    runner.withPropertyValues("dagstack.logger.processors[0].type=sampler_rate",
        "dagstack.logger.processors[0].rate=0.5", "dagstack.logger.processors[0].bellow=error",
        "dagstack.logger.processors[1].type=redaction",
        "dagstack.logger.processors[1].patterns[0].patern=x").run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure())
              .hasMessageContaining("dagstack.logger.processors[0].bellow")
              .hasMessageContaining("no such setting; did you mean"
                  + " dagstack.logger.processors[0].below?");
        });
    runner.withPropertyValues("dagstack.logger.processors[0].type=redaction",
        "dagstack.logger.processors[0].patterns[0].pattern=x",
        "dagstack.logger.processors[0].patterns[0].replacment=y").run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure())
              .hasMessageContaining("no such setting; did you mean"
                  + " dagstack.logger.processors[0].patterns[0].replacement?");
        });
  }

  private void assertStartupFailure(String message, String... properties) {
    runner.withPropertyValues(properties).run(context -> {
      assertThat(context).hasFailed();
      Throwable cause = context.getStartupFailure();
      while (!(cause instanceof InvalidDagstackLoggerPropertyException) && cause.getCause() != null) {
        cause = cause.getCause();
      }
      assertThat(cause).isInstanceOf(InvalidDagstackLoggerPropertyException.class)
          .hasMessage(message);
    });
  }

  @Test
  void anEnvironmentChangeIsReboundAndAppliedKeepingTheSinks() {
    runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
            CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
        .run(context -> {
          InMemorySink sink = context.getBean(InMemorySink.class);
          List<Sink> sinksBefore = Logger.configuration().sinks();
          Logger logger = Logger.get("svc.refresh");
          logger.info("before", Attrs.of("note", "tok_live_1"));
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          double applied = registry.get("dagstack.logger.reconfigure").tag("result", "applied")
              .functionCounter().count();

          ConfigurableEnvironment environment = context.getEnvironment();
          environment.getPropertySources().addFirst(new MapPropertySource("ops", Map.of(
              "dagstack.logger.level", "warn",
              "dagstack.logger.processors[0].type", "redaction",
              "dagstack.logger.processors[0].patterns[0].pattern", "tok_[A-Za-z0-9_]+",
              "dagstack.logger.processors[0].scan-values", "true")));
          context.publishEvent(new DagstackLoggerRefreshEvent(this));

          logger.info("filtered out now");
          logger.warn("after", Attrs.of("note", "tok_live_1"));
          assertThat(sink.records()).extracting(LogRecord::body).containsExactly("before", "after");
          assertThat(sink.records().get(0).attributes()).containsEntry("note", "tok_live_1");
          assertThat(sink.records().get(1).attributes()).containsEntry("note", "***");
          assertThat(sink.droppedCount(DropReason.CLOSED)).isZero();
          assertThat(Logger.configuration().sinks()).contains(sink).containsExactlyElementsOf(sinksBefore);
          assertThat(Logger.configuration())
              .isSameAs(context.getBean(DagstackLoggerConfigurer.class).configuration());
          assertThat(registry.get("dagstack.logger.reconfigure").tag("result", "applied")
              .functionCounter().count()).isEqualTo(applied + 1);
        });
  }

  @Test
  void springCloudsEnvironmentChangeEventReconfiguresWhenItsKeysConcernTheLogger() {
    runner.run(context -> {
      LoggerConfiguration running = Logger.configuration();
      context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("cloud",
          Map.of("dagstack.logger.level", "error")));
      context.publishEvent(new EnvironmentChangeEvent(context, Set.of("spring.datasource.url")));
      assertThat(Logger.configuration()).isSameAs(running);
      context.publishEvent(new EnvironmentChangeEvent(context, Set.of("dagstack.logger.level")));
      assertThat(Logger.configuration().rootLevel()).isEqualTo(Severity.ERROR);
    });
  }

  @Test
  void aBadNewValueIsRejectedWithTheStartupMessageAndTheRunningConfigurationStays() {
    runner.run(context -> {
      LoggerConfiguration running = Logger.configuration();
      LoggerProvider provider = context.getBean(LoggerProvider.class);
      long rejected = provider.reconfigureCount(ReconfigureResult.REJECTED);
      ConfigurableEnvironment environment = context.getEnvironment();
      environment.getPropertySources().addFirst(new MapPropertySource("ops", Map.of(
          "dagstack.logger.processors[0].type", "redaction",
          "dagstack.logger.processors[0].patterns[0].pattern", "(?i)secret")));

      // Through the event: never thrown at the publisher, counted, the old configuration stays.
      context.publishEvent(new DagstackLoggerRefreshEvent(this));
      assertThat(Logger.configuration()).isSameAs(running);
      assertThat(provider.reconfigureCount(ReconfigureResult.REJECTED)).isEqualTo(rejected + 1);

      // Directly: the message startup would give.
      assertThatThrownBy(() -> context.getBean(DagstackLoggerConfigurer.class).refresh())
          .isInstanceOf(InvalidDagstackLoggerPropertyException.class)
          .hasMessage("Invalid value '(?i)secret' for"
              + " dagstack.logger.processors[0].patterns[0].pattern: redaction.patterns[0]"
              + " '(?i)secret' is outside the supported ECMAScript-like regex subset: inline"
              + " flags or unknown group '(?i' at position 0");
      assertThat(Logger.configuration()).isSameAs(running);
      Logger.get("svc").info("still logged");
      assertThat(context.getBean(InMemorySink.class).records()).extracting(LogRecord::body)
          .containsExactly("still logged");
    });
  }

  @Test
  void aValueTheBinderCannotConvertIsRejectedAtRunTimeInStartupsWords() {
    runner.run(context -> {
      MapPropertySource ops = new MapPropertySource("ops", new java.util.HashMap<>(Map.of(
          "dagstack.logger.processors[0].type", "sampler_ratez")));
      context.getEnvironment().getPropertySources().addFirst(ops);
      DagstackLoggerConfigurer configurer = context.getBean(DagstackLoggerConfigurer.class);
      assertThatThrownBy(configurer::refresh)
          .isInstanceOf(InvalidDagstackLoggerPropertyException.class)
          .hasMessageStartingWith("Invalid value 'sampler_ratez' for"
              + " dagstack.logger.processors[0].type: one of redaction, sampler_rate,"
              + " sampler_trace_ratio, enrich (any case)");
      ops.getSource().put("dagstack.logger.processors[0].type", "sampler_rate");
      ops.getSource().put("dagstack.logger.processors[0].rate", "abc");
      assertThatThrownBy(configurer::refresh)
          .isInstanceOf(InvalidDagstackLoggerPropertyException.class)
          .hasMessageStartingWith("Invalid value 'abc' for dagstack.logger.processors[0].rate:"
              + " a number");
      ops.getSource().put("dagstack.logger.processors[0].rate", "0.5");
      ops.getSource().put("dagstack.logger.processors[0].patterns[0].pattern", "tok_[a-z]+");
      assertThatThrownBy(configurer::refresh)
          .hasMessageStartingWith("Invalid value '[tok_[a-z]+]' for"
              + " dagstack.logger.processors[0].patterns: no such setting for type sampler_rate");
    });
  }

  @Test
  void aMisspelledNameIsRejectedAtRunTimeAsAtStartup() {
    runner.run(context -> {
      LoggerConfiguration running = Logger.configuration();
      context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("ops",
          Map.of("dagstack.logger.levle", "warn")));
      assertThatThrownBy(() -> context.getBean(DagstackLoggerConfigurer.class).refresh())
          .isInstanceOf(InvalidDagstackLoggerPropertyException.class)
          .hasMessageContaining("dagstack.logger.levle")
          .hasMessageContaining("did you mean dagstack.logger.level?");
      assertThat(Logger.configuration()).isSameAs(running);
    });
  }
}
