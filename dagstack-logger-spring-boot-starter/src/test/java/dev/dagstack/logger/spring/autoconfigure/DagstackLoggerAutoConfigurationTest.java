package dev.dagstack.logger.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.LoggerProvider;
import dev.dagstack.logger.LoggerConfiguration;
import dev.dagstack.logger.context.OpenTelemetryTraceContext;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.ConsoleSink;
import dev.dagstack.logger.sink.DropReason;
import dev.dagstack.logger.sink.FileSink;
import dev.dagstack.logger.sink.InMemorySink;
import dev.dagstack.logger.sink.Sink;
import dev.dagstack.logger.spring.LoggerName;
import dev.dagstack.logger.spring.tracing.MicrometerTraceContextProvider;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.logging.LoggerGroups;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Conditions and every property shape, through {@link ApplicationContextRunner}. */
class DagstackLoggerAutoConfigurationTest {

  static final AutoConfigurations DAGSTACK = AutoConfigurations.of(
      DagstackLoggerAutoConfiguration.class, DagstackTracingAutoConfiguration.class,
      DagstackLogbackBridgeAutoConfiguration.class, DagstackJacksonAutoConfiguration.class,
      DagstackMetricsAutoConfiguration.class, DagstackWebAutoConfiguration.class,
      DagstackContextPropagationAutoConfiguration.class);

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(DAGSTACK)
      .withPropertyValues("dagstack.logger.bridge.slf4j.enabled=false");

  @AfterEach
  void resetLogger() {
    Logger.reset();
  }

  @Test
  void withoutPropertiesOneAutoConsoleSinkAtInfoIsApplied() {
    LoggerConfiguration[] applied = new LoggerConfiguration[1];
    runner.run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(DagstackLoggerConfigurer.class)
          .hasSingleBean(Sink.class).doesNotHaveBean(MicrometerTraceContextProvider.class);
      ConsoleSink sink = context.getBean(ConsoleSink.class);
      assertThat(sink.id()).isEqualTo("console:auto");
      applied[0] = Logger.configuration();
      assertThat(applied[0]).isSameAs(context.getBean(DagstackLoggerConfigurer.class).configuration());
      assertThat(applied[0].rootLevel()).isEqualTo(Severity.INFO);
      // With Micrometer present, the emitted-records meter's counting sink is attached too.
      assertThat(applied[0].sinks()).extracting(Sink::id).containsExactly("console:auto", "dagstack.metrics");
      assertThat(applied[0].autoInjectTraceContext()).isTrue();
      assertThat(applied[0].baggageKeys()).isEqualTo(LoggerConfiguration.DEFAULT_BAGGAGE_KEYS);
    });
    // Closing the context restores the core's defaults instead of leaving closed sinks in place.
    assertThat(Logger.configuration()).isNotSameAs(applied[0]);
    assertThat(Logger.configuration().sinks()).doesNotContainAnyElementsOf(applied[0].sinks());
  }

  @Test
  void disabledBacksOffEntirely() {
    runner.withPropertyValues("dagstack.logger.enabled=false").run(context -> assertThat(context)
        .hasNotFailed().doesNotHaveBean(DagstackLoggerConfigurer.class).doesNotHaveBean(Sink.class)
        .doesNotHaveBean(DagstackLogbackBridgeAutoConfiguration.InstalledLogbackBridge.class));
  }

  @Test
  void everySinkShapeBecomesATypedSinkBean(@TempDir Path dir) {
    Path file = dir.resolve("logs/app.jsonl");
    runner.withPropertyValues(
        "dagstack.logger.sinks.console.type=console", "dagstack.logger.sinks.console.mode=json",
        "dagstack.logger.sinks.console.stream=stdout", "dagstack.logger.sinks.console.min-severity=warn",
        "dagstack.logger.sinks.console.overflow=drop-newest", "dagstack.logger.sinks.console.buffer-size=16",
        "dagstack.logger.sinks.audit.type=file",
        "dagstack.logger.sinks.audit.path=" + file, "dagstack.logger.sinks.audit.max-bytes=10MB",
        "dagstack.logger.sinks.audit.keep=3", "dagstack.logger.sinks.audit.min-severity=13",
        "dagstack.logger.sinks.memory.type=in-memory", "dagstack.logger.sinks.memory.capacity=2",
        "dagstack.logger.sinks.memory.min-severity=debug").run(context -> {
          assertThat(context).hasNotFailed();
          ConsoleSink console = context.getBean("dagstack.logger.sinks.console", ConsoleSink.class);
          assertThat(console.id()).isEqualTo("console");
          assertThat(console.supportsSeverity(Severity.INFO)).isFalse();
          assertThat(console.supportsSeverity(Severity.WARN)).isTrue();
          FileSink fileSink = context.getBean(FileSink.class);
          assertThat(fileSink.id()).isEqualTo("audit");
          assertThat(fileSink.path()).isEqualTo(file);
          assertThat(fileSink.supportsSeverity(12)).isFalse();
          assertThat(Files.exists(file)).isTrue();
          InMemorySink memory = context.getBean(InMemorySink.class);
          assertThat(memory.supportsSeverity(Severity.TRACE)).isFalse();
          assertThat(Logger.configuration().sinks())
              .filteredOn(sink -> !sink.id().equals("dagstack.metrics"))
              .containsExactly(console, fileSink, memory);

          Logger logger = Logger.get("shapes");
          logger.warn("one");
          logger.warn("two");
          logger.warn("three");
          assertThat(memory.records()).extracting(LogRecord::body).containsExactly("two", "three");
          assertThat(memory.droppedCount(DropReason.BUFFER_FULL)).isEqualTo(1);
          assertThat(fileSink.flush(Duration.ofSeconds(5)).success()).isTrue();
          assertThat(Files.readString(file)).contains("\"body\":\"three\"");
        });
  }

  @Test
  void levelsResourceRedactionAndTraceSettingsReachTheConfiguration() {
    runner.withPropertyValues("spring.application.name=order-service",
        "dagstack.logger.level=warn", "dagstack.logger.loggers.order_service.api=debug",
        "dagstack.logger.loggers.noisy=18", "logging.level.com.example=trace",
        "logging.level.noisy=info", "dagstack.logger.resource.service.version=1.4.2",
        "dagstack.logger.resource.deployment.environment.name=test",
        "dagstack.logger.auto-inject-trace-context=false",
        "dagstack.logger.baggage-keys=tenant.id,region",
        "dagstack.logger.redaction.extra-suffixes=_pin,_otp",
        "dagstack.logger.sinks.memory.type=in-memory").run(context -> {
          LoggerConfiguration applied = Logger.configuration();
          assertThat(applied.rootLevel()).isEqualTo(Severity.WARN);
          assertThat(applied.levels()).containsEntry("order_service.api", Severity.DEBUG)
              .containsEntry("noisy", 18).containsEntry("com.example", Severity.TRACE);
          assertThat(applied.resourceAttributes()).containsEntry("service.name", "order-service")
              .containsEntry("service.version", "1.4.2")
              .containsEntry("deployment.environment.name", "test");
          assertThat(applied.autoInjectTraceContext()).isFalse();
          assertThat(applied.baggageKeys()).containsExactly("tenant.id", "region");
          assertThat(applied.redaction().effectiveSuffixes()).contains("_pin", "_otp", "_token");

          InMemorySink memory = context.getBean(InMemorySink.class);
          Logger.get("order_service.api.orders").debug("kept", Map.of("card_pin", "1234"));
          Logger.get("other").info("below the root level");
          assertThat(memory.records()).singleElement().satisfies(record -> {
            assertThat(record.body()).isEqualTo("kept");
            assertThat(record.attributes()).containsEntry("card_pin", "***");
            assertThat(record.resource().attributes()).containsEntry("service.name", "order-service");
          });
        });
  }

  @Test
  void rootLevelFallsBackToLoggingLevelRootAndExplicitServiceNameWins() {
    runner.withPropertyValues("logging.level.root=debug", "spring.application.name=ignored",
        "dagstack.logger.resource.service.name=explicit").run(context -> {
          assertThat(Logger.configuration().rootLevel()).isEqualTo(Severity.DEBUG);
          assertThat(Logger.configuration().resourceAttributes())
              .containsEntry("service.name", "explicit");
        });
  }

  @Test
  void bootLoggerGroupsInLoggingLevelApplyToTheirMembers() {
    LoggerGroups groups = new LoggerGroups(
        Map.of("web", List.of("org.springframework.web", "org.springframework.http")));
    runner.withBean("springBootLoggerGroups", LoggerGroups.class, () -> groups)
        .withPropertyValues("logging.level.web=debug").run(context -> {
          assertThat(Logger.configuration().levels())
              .containsEntry("org.springframework.web", Severity.DEBUG)
              .containsEntry("org.springframework.http", Severity.DEBUG)
              .doesNotContainKey("web");
          assertThat(Logger.get("org.springframework.web.servlet.DispatcherServlet")
              .isEnabled(Severity.DEBUG)).isTrue();
        });
  }

  @Test
  void applicationSinkBeansAreAttachedFlushedAndClosedWithTheContext() {
    InMemorySink[] captured = new InMemorySink[1];
    runner.withUserConfiguration(ApplicationSinkConfiguration.class).run(context -> {
      InMemorySink appSink = context.getBean("appSink", InMemorySink.class);
      captured[0] = appSink;
      assertThat(Logger.configuration().sinks()).contains(appSink)
          .anyMatch(sink -> sink instanceof ConsoleSink);
      Logger.get("app").info("to the application's sink");
      assertThat(appSink.records()).extracting(LogRecord::body).containsExactly("to the application's sink");
    });
    // Closed with the context: a later emit into it is counted as dropped, and the logger is back
    // to its defaults rather than pointing at closed sinks.
    captured[0].emit(captured[0].records().isEmpty() ? null : captured[0].records().get(0));
    assertThat(captured[0].droppedCount(DropReason.CLOSED)).isEqualTo(1);
    assertThat(Logger.configuration().sinks()).doesNotContain(captured[0]);
  }

  @Test
  void aFailedStartClosesTheSinksTheStarterBuiltNotAnApplicationSinkNamedLikeThem() {
    List<Sink> attached = new java.util.concurrent.CopyOnWriteArrayList<>();
    // The application's own sink under a configured sink's bean-name prefix, which it keeps open
    // (no destroy method): only who built a sink decides whether the starter closes it.
    InMemorySink lookalike = new InMemorySink("mine", 10, Severity.MIN);
    runner.withPropertyValues("dagstack.logger.sinks.memory.type=in-memory")
        .withBean("dagstack.logger.sinks.mine", InMemorySink.class, () -> lookalike,
            definition -> definition.setDestroyMethodName(""))
        // Fails in the configurer, after the sinks are built and before it closes any.
        .withBean("broken", LoggerConfigurationCustomizer.class, () -> builder -> {
          attached.addAll(builder.build().sinks());
          throw new IllegalArgumentException("broken customizer");
        })
        .run(context -> assertThat(context).hasFailed());
    assertThat(attached).extracting(Sink::id).contains("memory", "mine");
    // A closed in-memory sink counts what it is given as dropped; an open one keeps it.
    LogRecord record = LogRecord.builder().timeUnixNano(1).severityNumber(Severity.INFO)
        .body("after the failed start")
        .instrumentationScope(new dev.dagstack.logger.record.InstrumentationScope("app", null, null))
        .build();
    Sink configured = attached.stream().filter(sink -> sink.id().equals("memory")).findFirst()
        .orElseThrow();
    configured.emit(record);
    assertThat(configured.droppedCount(DropReason.CLOSED)).as("the configured sink").isEqualTo(1);
    lookalike.emit(record);
    assertThat(lookalike.droppedCount(DropReason.CLOSED)).as("the application's sink").isZero();
    assertThat(lookalike.records()).containsExactly(record);
  }

  @Test
  void customizersRunInOrderOnTheBuiltConfigurationAndAgainOnEveryRebuild() {
    runner.withPropertyValues("dagstack.logger.sinks.memory.type=in-memory")
        .withBean("second", LoggerConfigurationCustomizer.class,
            () -> new OrderedCustomizer(2, b -> b.resourceAttribute("deploy.stage", "second")))
        .withBean("first", LoggerConfigurationCustomizer.class,
            () -> new OrderedCustomizer(1, b -> b.resourceAttribute("deploy.stage", "first")
                .resourceAttribute("team", "orders").level("chatty", Severity.ERROR)))
        .run(context -> {
          assertThat(context).hasNotFailed();
          LoggerProvider provider = context.getBean(LoggerProvider.class);
          provider.get("svc").info("customized");
          provider.get("chatty").warn("below the customizer's level");
          LogRecord record = context.getBean(InMemorySink.class).records().get(0);
          assertThat(context.getBean(InMemorySink.class).records()).hasSize(1);
          assertThat(record.resource().attributes().get("deploy.stage")).isEqualTo("second");
          assertThat(record.resource().attributes().get("team")).isEqualTo("orders");

          context.getBean(DagstackLoggerConfigurer.class).refresh();
          assertThat(provider.configuration().resourceAttributes())
              .containsEntry("deploy.stage", "second").containsEntry("team", "orders");
        });
  }

  @Test
  void aCustomizerThatBreaksTheConfigurationFailsStartupNamingItNotAProperty() {
    runner.withBean(LoggerConfigurationCustomizer.class, BadLevelCustomizer::new)
        .run(context -> {
          assertThat(context).hasFailed();
          Throwable failure = context.getStartupFailure();
          while (failure != null && !(failure instanceof IllegalStateException
              && String.valueOf(failure.getMessage()).startsWith("dagstack logger:"))) {
            failure = failure.getCause();
          }
          assertThat(failure).isNotNull();
          assertThat(failure.getMessage()).contains(BadLevelCustomizer.class.getName())
              .contains("99");
          assertThat(context.getStartupFailure()).rootCause()
              .isNotInstanceOf(InvalidDagstackLoggerPropertyException.class);
        });
    runner.withBean(LoggerConfigurationCustomizer.class,
            () -> b -> { throw new IllegalArgumentException("no stage configured"); })
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("LoggerConfigurationCustomizer")
            .hasStackTraceContaining("failed: no stage configured"));
  }

  static final class BadLevelCustomizer implements LoggerConfigurationCustomizer {
    @Override
    public void customize(LoggerConfiguration.Builder builder) {
      builder.level("x", 99);
    }
  }

  /** A customizer with an order, as an application would annotate it. */
  record OrderedCustomizer(int order, LoggerConfigurationCustomizer delegate)
      implements LoggerConfigurationCustomizer, org.springframework.core.Ordered {
    @Override
    public void customize(LoggerConfiguration.Builder builder) {
      delegate.customize(builder);
    }

    @Override
    public int getOrder() {
      return order;
    }
  }

  @Test
  void loggersAreInjectedByDeclaringClassOrLoggerName() {
    runner.withUserConfiguration(InjectionConfiguration.class).run(context -> {
      assertThat(context).hasNotFailed();
      ConstructorInjected constructor = context.getBean(ConstructorInjected.class);
      assertThat(constructor.logger.name()).isEqualTo(ConstructorInjected.class.getName());
      assertThat(constructor.named.name()).isEqualTo("order_service.api");
      assertThat(constructor.named.version()).isEqualTo("1.0.0");
      FieldInjected field = context.getBean(FieldInjected.class);
      assertThat(field.logger.name()).isEqualTo(FieldInjected.class.getName());
      assertThat(field.named.name()).isEqualTo("billing");
      assertThat(field.named.version()).isNull();
      // The context's own provider: the same cached logger for the name, not the global one.
      LoggerProvider provider = context.getBean(LoggerProvider.class);
      assertThat(field.logger).isSameAs(provider.get(FieldInjected.class.getName()))
          .isNotSameAs(Logger.get(FieldInjected.class.getName()));
    });
  }

  @Test
  void withoutMicrometerTheOpenTelemetryContextIsRead() {
    runner.withPropertyValues("dagstack.logger.sinks.memory.type=in-memory").run(context -> {
      assertThat(context).doesNotHaveBean(MicrometerTraceContextProvider.class);
      SpanContext spanContext = SpanContext.create("0af7651916cd43dd8448eb211c80319c",
          "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault());
      try (Scope ignored = Span.wrap(spanContext).makeCurrent()) {
        Logger.get("otel").info("inside an OpenTelemetry span");
      }
      LogRecord record = context.getBean(InMemorySink.class).records().get(0);
      assertThat(record.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
      assertThat(record.spanId()).isEqualTo("b7ad6b7169203331");
      assertThat(record.traceFlags()).isEqualTo(1);
    });
  }

  @Test
  void aMicrometerTracerBeanBecomesTheTraceContextSource() {
    runner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
            OpenTelemetrySdkAutoConfiguration.class, MicrometerTracingAutoConfiguration.class,
            OpenTelemetryTracingAutoConfiguration.class))
        .withPropertyValues("dagstack.logger.sinks.memory.type=in-memory",
            "management.tracing.sampling.probability=1.0",
            "management.tracing.baggage.remote-fields=tenant.id,secret.field")
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(MicrometerTraceContextProvider.class);
          assertThat(Logger.configuration().traceContextProvider())
              .isSameAs(context.getBean(MicrometerTraceContextProvider.class));
          Tracer tracer = context.getBean(Tracer.class);
          io.micrometer.tracing.Span span = tracer.nextSpan().name("work").start();
          try (Tracer.SpanInScope ignored = tracer.withSpan(span);
              var tenant = tracer.createBaggageInScope("tenant.id", "acme");
              var other = tracer.createBaggageInScope("secret.field", "x")) {
            Logger.get("traced").info("inside a Micrometer span");
          } finally {
            span.end();
          }
          Logger.get("traced").info("after the span");
          List<LogRecord> records = context.getBean(InMemorySink.class).records();
          assertThat(records.get(0).traceId()).isEqualTo(span.context().traceId());
          assertThat(records.get(0).spanId()).isEqualTo(span.context().spanId());
          assertThat(records.get(0).traceFlags()).isEqualTo(1);
          assertThat(records.get(0).attributes()).containsEntry("tenant.id", "acme")
              .doesNotContainKey("secret.field");
          assertThat(records.get(1).traceId()).isNull();
          assertThat(records.get(1).attributes()).doesNotContainKey("tenant.id");
        });
  }

  @Test
  void applicationObjectsAreConvertedThroughTheJsonMapper() {
    runner.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
        .withPropertyValues("dagstack.logger.sinks.memory.type=in-memory").run(context -> {
          Logger.get("jackson").info("order", Map.of("order", new Order("A-1", 3)));
          LogRecord record = context.getBean(InMemorySink.class).records().get(0);
          assertThat(record.attributes().get("order")).isEqualTo(Map.of("id", "A-1", "quantity", 3L));
        });
    Logger.get("jackson").info("after close", Map.of("order", new Order("A-2", 1)));
    assertThat(dev.dagstack.logger.record.Values.converter()).isNull();
  }

  @Test
  void aThrowableValueIsWrittenAsItsTypeAndMessageNotAsAJacksonMap() {
    runner.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
        .withPropertyValues("dagstack.logger.sinks.memory.type=in-memory").run(context -> {
          Logger.get("jackson").error(new IllegalStateException("boom"),
              Map.of("cause", new IllegalArgumentException("bad input")));
          LogRecord record = context.getBean(InMemorySink.class).records().get(0);
          assertThat(record.body()).isEqualTo("java.lang.IllegalStateException: boom");
          assertThat(record.attributes())
              .containsEntry("cause", "java.lang.IllegalArgumentException: bad input");
        });
  }

  @Test
  void dropCountsArePublishedAsMicrometerCounters() {
    runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
            CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
        .withPropertyValues("dagstack.logger.sinks.capture.type=in-memory", "dagstack.logger.sinks.capture.capacity=1")
        .run(context -> {
          Logger.get("metrics").info("one");
          Logger.get("metrics").info("two");
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          FunctionCounter full = registry.get("dagstack.logger.records.dropped")
              .tag("sink_id", "capture").tag("reason", "buffer_full").functionCounter();
          assertThat(full.count()).isEqualTo(1.0);
          assertThat(registry.get("dagstack.logger.records.dropped").tag("reason", "closed")
              .functionCounter().count()).isZero();
          assertThat(registry.get("dagstack.logger.sink.errors").tag("sink_id", "capture")
              .tag("error_type", "write_error").functionCounter().count()).isZero();
          assertThat(registry.get("dagstack.logger.buffer.depth").tag("sink_id", "capture")
              .gauge().value()).isZero();
          // Emitted records per logger and severity, including a pair first seen after binding.
          Logger.get("metrics").warn("three");
          assertThat(registry.get("dagstack.logger.records.emitted").tag("logger_name", "metrics")
              .tag("severity", "INFO").functionCounter().count()).isEqualTo(2.0);
          assertThat(registry.get("dagstack.logger.records.emitted").tag("logger_name", "metrics")
              .tag("severity", "WARN").functionCounter().count()).isEqualTo(1.0);
        });
  }

  record Order(String id, int quantity) {}

  /** No properties for Jackson, and a toString that throws. */
  static final class Opaque {
    @Override
    public String toString() {
      throw new IllegalStateException("no text either");
    }
  }

  /** A bean whose property is itself. */
  public static final class Node {
    public Node getSelf() {
      return this;
    }

    @Override
    public String toString() {
      return "Node#1";
    }
  }

  @Test
  void objectsJacksonCannotSayMuchAboutAreWrittenAsTheCoreWritesThem() {
    runner.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
        .withPropertyValues("dagstack.logger.sinks.memory.type=in-memory").run(context -> {
          dev.dagstack.logger.diagnostic.Diagnostics.Capture reports =
              dev.dagstack.logger.diagnostic.Diagnostics.capture();
          try {
            Thread thread = new Thread(() -> { }, "worker-7");
            Thread subclass = new Thread("worker-8") { };
            Logger.get("jackson").info("odd", Map.of("thread", thread, "opaque", new Opaque(),
                "node", new Node(), "subclass", subclass));
            Map<String, Object> attributes =
                context.getBean(InMemorySink.class).records().get(0).attributes();
            // The JDK's own objects: their toString, not a map of their getters.
            assertThat(attributes.get("thread")).isEqualTo(thread.toString());
            assertThat(attributes.get("subclass")).isEqualTo(subclass.toString());
            // Nothing for Jackson and a throwing toString: the core's marker, as without Jackson.
            assertThat(attributes.get("opaque")).isEqualTo("<unrepresentable " + Opaque.class.getName() + ">");
            // A self-reference: its toString, and said on the diagnostic channel.
            assertThat(attributes.get("node")).isEqualTo("Node#1");
            assertThat(reports.messages()).anyMatch(m -> m.contains(Node.class.getName()));
          } finally {
            reports.close();
          }
        });
  }

  @Configuration(proxyBeanMethods = false)
  static class ApplicationSinkConfiguration {
    @Bean
    InMemorySink appSink() {
      return new InMemorySink("app", 10, Severity.TRACE);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @Import({ConstructorInjected.class, FieldInjected.class})
  static class InjectionConfiguration {}

  static class ConstructorInjected {
    final Logger logger;
    final Logger named;

    ConstructorInjected(Logger logger,
        @LoggerName(value = "order_service.api", version = "1.0.0") Logger named) {
      this.logger = logger;
      this.named = named;
    }
  }

  static class FieldInjected {
    @Autowired
    Logger logger;

    @Autowired
    @LoggerName("billing")
    Logger named;
  }
}
