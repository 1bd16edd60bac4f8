package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.LoggerProvider;
import dev.dagstack.logger.ReconfigureResult;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Live reconfiguration (spec §9.3): rebinds {@code dagstack.logger.*} on an Environment change
 * ({@link DagstackLoggerRefreshListener}) and publishes {@code reconfigure_total{result}} as the
 * Micrometer counter {@code dagstack.logger.reconfigure{result=applied|rejected}}.
 */
@AutoConfiguration(after = DagstackLoggerAutoConfiguration.class)
@ConditionalOnBean(DagstackLoggerConfigurer.class)
public final class DagstackReconfigureAutoConfiguration {

  /** The meter name. */
  static final String RECONFIGURE = "dagstack.logger.reconfigure";

  @Bean
  DagstackLoggerRefreshListener dagstackLoggerRefreshListener(DagstackLoggerConfigurer configurer) {
    return new DagstackLoggerRefreshListener(configurer);
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterBinder.class)
  static class Metrics {

    @Bean
    MeterBinder dagstackReconfigureMetrics(LoggerProvider loggerProvider) {
      return registry -> {
        for (ReconfigureResult result : ReconfigureResult.values()) {
          FunctionCounter.builder(RECONFIGURE, result, loggerProvider::reconfigureCount)
              .description("Reconfigurations of the dagstack logger, by result")
              .tag("result", result.tag())
              .register(registry);
        }
      };
    }
  }
}
