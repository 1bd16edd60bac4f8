package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.context.OpenTelemetryTraceContext;
import dev.dagstack.logger.context.TraceContextProvider;
import dev.dagstack.logger.spring.tracing.MicrometerTraceContextProvider;
import io.micrometer.tracing.Tracer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * When the application has a Micrometer {@link Tracer} (Boot's Brave or OpenTelemetry tracing
 * auto-configuration), records take their trace context from it. Without one, the core's
 * OpenTelemetry Context API provider stays in effect.
 */
@AutoConfiguration(
    before = DagstackLoggerAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
      "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
      "org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration"
    })
@ConditionalOnBooleanProperty(name = DagstackLoggerProperties.PREFIX + ".enabled", matchIfMissing = true)
@ConditionalOnClass(Tracer.class)
public final class DagstackTracingAutoConfiguration {

  @Bean
  @ConditionalOnBean(Tracer.class)
  @ConditionalOnMissingBean(TraceContextProvider.class)
  MicrometerTraceContextProvider dagstackMicrometerTraceContextProvider(Tracer tracer) {
    return new MicrometerTraceContextProvider(tracer, OpenTelemetryTraceContext.provider());
  }
}
