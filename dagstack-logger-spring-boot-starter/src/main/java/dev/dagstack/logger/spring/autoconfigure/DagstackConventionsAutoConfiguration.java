package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.convention.ConventionsConfig;
import dev.dagstack.logger.convention.EventSchemaException;
import dev.dagstack.logger.convention.EventSchemas;
import dev.dagstack.logger.convention.OperationSpans;
import dev.dagstack.logger.convention.TypedEvents;
import dev.dagstack.logger.spring.observation.OperationObservationHandler;
import dev.dagstack.logger.spring.tracing.MicrometerObservationSpanScopes;
import dev.dagstack.logger.spring.tracing.MicrometerOperationSpans;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * Semantic conventions in Spring (spec §5.1-5.3): the {@link ConventionsConfig} built from
 * {@code dagstack.logger.events.*} and {@code dagstack.logger.operations.*} (schema files read
 * through Spring resources, operation spans through the application's {@link OpenTelemetry} bean
 * when there is one), Micrometer observations as operations, and the
 * {@code dagstack.logger.events.violations} counter.
 */
@AutoConfiguration(
    before = DagstackLoggerAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration",
      "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
      "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
      "org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration"
    })
@ConditionalOnBooleanProperty(name = DagstackLoggerProperties.PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(DagstackLoggerProperties.class)
public final class DagstackConventionsAutoConfiguration {

  /** The schema files every application's classpath is searched for. */
  static final String CLASSPATH_SCHEMAS =
      "classpath*:" + EventSchemas.CLASSPATH_DIRECTORY + "/*.y*ml";

  @Bean
  @ConditionalOnMissingBean
  ConventionsConfig dagstackConventionsConfig(DagstackLoggerProperties properties,
      ResourceLoader resourceLoader, ObjectProvider<OpenTelemetry> openTelemetry,
      ObjectProvider<OperationSpans> spans) {
    DagstackEventsProperties events = properties.getEvents();
    DagstackOperationsProperties operations = properties.getOperations();
    String prefix = DagstackLoggerProperties.PREFIX;
    ConventionsConfig.Builder builder = ConventionsConfig.builder()
        .validation(events.getValidation())
        .openTelemetry(openTelemetry.getIfUnique())
        .spans(spans.getIfUnique());
    try {
      builder.operationKinds(operations.getKinds());
    } catch (IllegalArgumentException e) {
      throw new InvalidDagstackLoggerPropertyException(prefix + ".operations.kinds",
          String.valueOf(operations.getKinds()), e.getMessage());
    }
    try {
      builder.progressInterval(operations.getProgressInterval());
    } catch (IllegalArgumentException e) {
      throw new InvalidDagstackLoggerPropertyException(prefix + ".operations.progress-interval",
          String.valueOf(operations.getProgressInterval()), e.getMessage());
    }
    builder.schemas(schemas(resourceLoader, events.getSchemaLocations()));
    builder.aiAgent(properties.getAiAgent().toConfig());
    return builder.build();
  }

  /** Schema files: the classpath's, then each configured location's, in order. */
  static EventSchemas schemas(ResourceLoader resourceLoader, List<String> locations) {
    ResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(resourceLoader);
    Map<String, String> texts = new LinkedHashMap<>();
    read(resolver, CLASSPATH_SCHEMAS, texts, null);
    for (int i = 0; i < locations.size(); i++) {
      String property = DagstackLoggerProperties.PREFIX + ".events.schema-locations[" + i + "]";
      String location = locations.get(i);
      if (location == null || location.isBlank()) {
        throw new InvalidDagstackLoggerPropertyException(property, location,
            "a Spring resource location such as classpath:events/ or file:config/events/");
      }
      List<String> patterns = location.endsWith("/")
          ? List.of(location + "*.yaml", location + "*.yml") : List.of(location);
      int before = texts.size();
      for (String pattern : patterns) {
        read(resolver, pattern, texts, property);
      }
      if (texts.size() == before && !location.endsWith("/")) {
        throw new InvalidDagstackLoggerPropertyException(property, location,
            "an existing schema file, pattern or directory (ending in /); nothing found there");
      }
    }
    try {
      return EventSchemas.fromTexts(texts);
    } catch (EventSchemaException e) {
      throw new InvalidDagstackLoggerPropertyException(
          DagstackLoggerProperties.PREFIX + ".events.schema-locations", null,
          "readable event schema files; " + e.getMessage());
    }
  }

  private static void read(ResourcePatternResolver resolver, String pattern,
      Map<String, String> texts, String property) {
    try {
      List<Resource> found = new ArrayList<>(List.of(resolver.getResources(pattern)));
      for (Resource resource : found) {
        if (!resource.exists() || !resource.isReadable()) {
          continue;
        }
        try (InputStream in = resource.getInputStream()) {
          texts.put(resource.getURL().toString().replaceFirst("^file:", ""),
              new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      if (property == null) {
        throw new IllegalStateException("cannot read " + pattern + ": " + e.getMessage(), e);
      }
      throw new InvalidDagstackLoggerPropertyException(property, pattern,
          "a readable location; " + e.getMessage());
    }
  }

  /** Operation spans through Micrometer Tracing when the application has a tracer. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(Tracer.class)
  static class Tracing {

    @Bean
    @ConditionalOnBean(Tracer.class)
    @ConditionalOnMissingBean(OperationSpans.class)
    MicrometerOperationSpans dagstackMicrometerOperationSpans(Tracer tracer) {
      return new MicrometerOperationSpans(tracer);
    }

    /** Observation operations write their records while the observation's span is current. */
    @Bean
    @ConditionalOnBean(Tracer.class)
    @ConditionalOnClass(ObservationHandler.class)
    @ConditionalOnMissingBean(OperationObservationHandler.SpanScopes.class)
    MicrometerObservationSpanScopes dagstackObservationSpanScopes(Tracer tracer) {
      return new MicrometerObservationSpanScopes(tracer);
    }
  }

  /** Micrometer observations as operations (dagstack.logger.operations.observations.*). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(ObservationHandler.class)
  @ConditionalOnBooleanProperty(name = DagstackLoggerProperties.PREFIX
      + ".operations.observations.enabled", matchIfMissing = true)
  static class Observations {

    @Bean
    @ConditionalOnMissingBean
    OperationObservationHandler dagstackOperationObservationHandler(
        DagstackLoggerProperties properties,
        ObjectProvider<OperationObservationHandler.SpanScopes> spanScopes) {
      DagstackOperationsProperties.Observations observations =
          properties.getOperations().getObservations();
      return new OperationObservationHandler(observations.getInclude(),
          observations.getExclude(), observations.getKind(), observations.getKinds(),
          spanScopes.getIfAvailable(() -> OperationObservationHandler.SpanScopes.NONE));
    }
  }

  /** The schema violation count as the counter dagstack.logger.events.violations. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterBinder.class)
  static class Metrics {

    @Bean
    MeterBinder dagstackEventViolationMetrics() {
      return registry -> FunctionCounter.builder("dagstack.logger.events.violations",
              TypedEvents.class, ignored -> TypedEvents.violationCount())
          .description("Typed events that broke their schema or used a reserved domain")
          .baseUnit("events")
          .register(registry);
    }
  }
}
