package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.sink.Sink;
import dev.dagstack.logger.spring.sink.InvalidSinkSettingException;
import dev.dagstack.logger.spring.sink.SinkType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The {@code otlp} sink type: {@link OtlpSinkType} when {@code dagstack-logger-otlp} is on the
 * classpath; otherwise a stand-in whose sinks fail startup naming the dependency to add.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = DagstackLoggerProperties.PREFIX + ".enabled", matchIfMissing = true)
public final class DagstackOtlpAutoConfiguration {

  static final String OTLP_SINK_CLASS = "dev.dagstack.logger.otlp.OtlpSink";

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = OTLP_SINK_CLASS)
  static class OtlpPresent {
    @Bean
    SinkType<OtlpSinkSettings> dagstackOtlpSinkType(Environment environment) {
      return new OtlpSinkType(environment);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingClass(OTLP_SINK_CLASS)
  static class OtlpMissing {
    @Bean
    SinkType<OtlpSinkSettings> dagstackOtlpSinkType() {
      return new MissingOtlpSinkType();
    }
  }

  /** {@code type: otlp} without the module: a clear startup error instead of "unknown type". */
  static final class MissingOtlpSinkType implements SinkType<OtlpSinkSettings> {
    @Override
    public String name() {
      return OtlpSinkType.NAME;
    }

    @Override
    public Class<OtlpSinkSettings> settingsType() {
      return OtlpSinkSettings.class;
    }

    @Override
    public Sink create(String id, OtlpSinkSettings settings) {
      throw new InvalidSinkSettingException("type", OtlpSinkType.NAME,
          "an otlp sink needs the dev.dagstack:dagstack-logger-otlp dependency on the classpath");
    }
  }
}
