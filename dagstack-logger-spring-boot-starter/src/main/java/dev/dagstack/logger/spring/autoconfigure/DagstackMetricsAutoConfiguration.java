package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.sink.DropReason;
import dev.dagstack.logger.sink.Sink;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Publishes each sink's drop counts as the Micrometer function counter
 * {@code dagstack.logger.dropped{sink.id, reason}} (reason: buffer_full, closed, write_error).
 * Boot binds the {@link MeterBinder} to every {@link MeterRegistry} of the application.
 */
@AutoConfiguration(after = DagstackLoggerAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean(DagstackLoggerConfigurer.class)
public class DagstackMetricsAutoConfiguration {

  /** The meter name. */
  static final String DROPPED = "dagstack.logger.dropped";

  @Bean
  MeterBinder dagstackLoggerMetrics(DagstackLoggerConfigurer configurer) {
    return registry -> {
      for (Sink sink : configurer.allSinks()) {
        for (DropReason reason : DropReason.values()) {
          FunctionCounter.builder(DROPPED, sink, s -> s.droppedCount(reason))
              .description("Records a dagstack logger sink dropped")
              .baseUnit("records")
              .tag("sink.id", sink.id())
              .tag("reason", reason.tag())
              .register(registry);
        }
      }
    };
  }
}
