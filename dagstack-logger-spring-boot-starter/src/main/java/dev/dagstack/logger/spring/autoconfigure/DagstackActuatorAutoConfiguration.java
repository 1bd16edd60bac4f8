package dev.dagstack.logger.spring.autoconfigure;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Operability with Spring Boot's actuator: the {@code dagstackLogger} health indicator (DEGRADED,
 * or DOWN on request, for a closed sink or one with recent write errors) and the read-only {@code dagstacklogger}
 * endpoint with the effective configuration. Each switches itself on when its library is present.
 */
@AutoConfiguration(after = DagstackLoggerAutoConfiguration.class)
@ConditionalOnBean(DagstackLoggerConfigurer.class)
public final class DagstackActuatorAutoConfiguration {

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  static class Health {
    @Bean
    DagstackLoggerHealthIndicator dagstackLoggerHealthIndicator(DagstackLoggerConfigurer configurer,
        DagstackLoggerProperties properties) {
      return new DagstackLoggerHealthIndicator(configurer, System::nanoTime,
          properties.getHealth().isDownOnSinkFailure());
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(Endpoint.class)
  static class ConfigurationEndpoint {
    @Bean
    DagstackLoggerEndpoint dagstackLoggerEndpoint(DagstackLoggerConfigurer configurer,
        Environment environment) {
      return new DagstackLoggerEndpoint(configurer, environment);
    }
  }
}
