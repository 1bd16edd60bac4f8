package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.sink.DropReason;
import dev.dagstack.logger.sink.Sink;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * The self-metrics of spec §12 as Micrometer meters (Boot binds each {@link MeterBinder} to the
 * application's registries; Prometheus adds {@code _total} to counters):
 *
 * <ul>
 *   <li>{@code dagstack.logger.records.emitted{logger_name, severity}}: records emitted through
 *       the root logger's sinks ({@link EmittedRecordsMeter});
 *   <li>{@code dagstack.logger.records.dropped{sink_id, reason}}: per sink, reason
 *       {@code buffer_full}, {@code closed} or {@code write_error};
 *   <li>{@code dagstack.logger.sink.errors{sink_id, error_type}}: records a sink failed to write;
 *   <li>{@code dagstack.logger.buffer.depth{sink_id}}: records waiting for a sink's writer.
 * </ul>
 */
@AutoConfiguration(before = DagstackLoggerAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBooleanProperty(name = DagstackLoggerProperties.PREFIX + ".enabled", matchIfMissing = true)
public final class DagstackMetricsAutoConfiguration {

  static final String DROPPED = "dagstack.logger.records.dropped";
  static final String ERRORS = "dagstack.logger.sink.errors";
  static final String DEPTH = "dagstack.logger.buffer.depth";

  /** Counts emitted records through a root sink of its own, which writes nothing. */
  @Bean
  EmittedRecordsMeter dagstackEmittedRecordsMeter() {
    return new EmittedRecordsMeter();
  }

  @Bean
  MeterBinder dagstackLoggerSinkMetrics(org.springframework.beans.factory.ObjectProvider<DagstackLoggerConfigurer> configurer) {
    return registry -> {
      DagstackLoggerConfigurer active = configurer.getIfAvailable();
      if (active != null) {
        active.allSinks().forEach(sink -> bind(registry, sink));
      }
    };
  }

  private static void bind(MeterRegistry registry, Sink sink) {
    for (DropReason reason : DropReason.values()) {
      FunctionCounter.builder(DROPPED, sink, s -> s.droppedCount(reason))
          .description("Records a dagstack logger sink dropped")
          .baseUnit("records")
          .tag("sink_id", sink.id())
          .tag("reason", reason.tag())
          .register(registry);
    }
    FunctionCounter.builder(ERRORS, sink, s -> s.droppedCount(DropReason.WRITE_ERROR))
        .description("Records a dagstack logger sink failed to write")
        .baseUnit("records")
        .tag("sink_id", sink.id())
        .tag("error_type", DropReason.WRITE_ERROR.tag())
        .register(registry);
    Gauge.builder(DEPTH, sink, Sink::bufferDepth)
        .description("Records waiting for a dagstack logger sink's writer")
        .baseUnit("records")
        .tag("sink_id", sink.id())
        .register(registry);
  }
}
